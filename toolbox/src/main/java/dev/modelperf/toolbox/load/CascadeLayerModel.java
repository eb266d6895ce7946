package dev.modelperf.toolbox.load;

/**
 * How one synthetic cascade layer behaves: its latency (log-normal around a median), how sure it
 * is of its proposals (confidence drawn from Beta(α, β)), and how often a proposal made at
 * confidence {@code c} is right (a logistic curve, {@code 1 / (1 + e^(-slope (c - midpoint)))}).
 * {@code currentThreshold} is the threshold the generator applies unless told otherwise, set off
 * on purpose so that tuning has something to find.
 *
 * <p>Because the model is known, so is the best threshold: {@link #bestThreshold} integrates the
 * two curves numerically on the analysis' 0.01 grid.
 */
public record CascadeLayerModel(String layerId, String name, double medianLatencyMs, double latencySigma,
                                double confidenceAlpha, double confidenceBeta, double correctnessSlope,
                                double correctnessMidpoint, double currentThreshold) {

    private static final int GRID = 100;
    /** Integration steps per grid bin: enough that the expected figures are exact to far below one proposal in 10⁴. */
    private static final int STEPS_PER_BIN = 200;

    public CascadeLayerModel {
        if (!(confidenceAlpha >= 1 && confidenceBeta >= 1)) {
            throw new IllegalArgumentException("Beta parameters below 1 put infinite density at 0 or 1: " + confidenceAlpha
                    + ", " + confidenceBeta);
        }
        if (!(currentThreshold >= 0 && currentThreshold <= 1)) {
            throw new IllegalArgumentException("currentThreshold must be within [0, 1], was " + currentThreshold);
        }
    }

    /** The chance that a proposal made at this confidence is the right target. */
    public double correctProbability(double confidence) {
        return 1 / (1 + Math.exp(-correctnessSlope * (confidence - correctnessMidpoint)));
    }

    /** The share of the layer's proposals a threshold accepts, in expectation. */
    public double expectedCapture(double threshold) {
        return Integrals.of(this).massFrom(firstBin(threshold));
    }

    /** The share of accepted proposals that are right at a threshold, in expectation; 0 when it accepts nothing. */
    public double expectedAccuracy(double threshold) {
        Integrals integrals = Integrals.of(this);
        int bin = firstBin(threshold);
        double mass = integrals.massFrom(bin);
        return mass == 0 ? 0 : integrals.correctFrom(bin) / mass;
    }

    /**
     * The lowest threshold on the 0.01 grid whose accepted proposals are, in expectation, at least
     * {@code accuracyTarget} right: the most the layer can take on at that accuracy. 1.0 (accept
     * nothing) when no threshold gets there.
     */
    public double bestThreshold(double accuracyTarget) {
        Integrals integrals = Integrals.of(this);
        for (int bin = 0; bin < GRID; bin++) {
            double mass = integrals.massFrom(bin);
            if (mass > 0 && integrals.correctFrom(bin) / mass >= accuracyTarget) {
                return bin / (double) GRID;
            }
        }
        return 1.0;
    }

    private static int firstBin(double threshold) {
        return Math.min(GRID, (int) Math.ceil(threshold * GRID - 1e-9));
    }

    /** Probability mass and right-proposal mass per 0.01 bin, by the midpoint rule. */
    private record Integrals(double[] mass, double[] correct) {

        static Integrals of(CascadeLayerModel model) {
            double[] mass = new double[GRID];
            double[] correct = new double[GRID];
            double total = 0;
            for (int bin = 0; bin < GRID; bin++) {
                for (int step = 0; step < STEPS_PER_BIN; step++) {
                    double c = (bin + (step + 0.5) / STEPS_PER_BIN) / GRID;
                    double density = Math.pow(c, model.confidenceAlpha - 1) * Math.pow(1 - c, model.confidenceBeta - 1);
                    mass[bin] += density;
                    correct[bin] += density * model.correctProbability(c);
                }
                total += mass[bin];
            }
            for (int bin = 0; bin < GRID; bin++) {
                mass[bin] /= total;
                correct[bin] /= total;
            }
            return new Integrals(mass, correct);
        }

        double massFrom(int bin) {
            double sum = 0;
            for (int b = bin; b < GRID; b++) {
                sum += mass[b];
            }
            return sum;
        }

        double correctFrom(int bin) {
            double sum = 0;
            for (int b = bin; b < GRID; b++) {
                sum += correct[b];
            }
            return sum;
        }
    }
}
