package dev.modelperf.toolbox.decisions;

import java.util.ArrayList;
import java.util.List;

/**
 * How well predicted chances match what happened: the Brier score and log loss of every forecast
 * (beside those of always forecasting the base rate), a reliability curve in ten bins of the
 * forecast, and how often the outcome of a group of held-out tasks falls in the 95 % interval its
 * prediction implies. Outcomes are 0 or 1, or a grade in between (scored as its expected value).
 */
public final class Calibration {

    static final int BINS = 10;
    /** Log loss takes the log of forecasts kept this far from 0 and 1. */
    static final double EDGE = 1e-6;
    private static final double Z95 = 1.959964;

    private Calibration() {
    }

    /** One held-out task: the chance predicted for it and what happened (1 = success). */
    public record Forecast(double probability, double outcome) {
    }

    /**
     * The held-out tasks of one (category, model, complexity): how many, their summed outcomes, and
     * the prediction they share with its standard deviation.
     */
    public record Group(long tasks, double successes, double probability, double sd) {

        /**
         * Whether the successes fall in the 95 % predictive interval: binomial spread of {@code tasks}
         * draws plus the spread of the belief about the chance itself (normal approximation).
         */
        boolean covered() {
            double mean = tasks * probability;
            double variance = tasks * probability * (1 - probability) + (double) tasks * (tasks - 1) * sd * sd;
            double half = Z95 * Math.sqrt(variance);
            return successes >= mean - half && successes <= mean + half;
        }
    }

    /** One tenth of the forecast range: its forecasts' count, mean forecast and mean outcome (NaN when empty). */
    public record Bin(double from, double to, long count, double meanPredicted, double observed) {
    }

    /**
     * @param coverage share of groups whose successes fall in their 95 % predictive interval (NaN without groups)
     */
    public record Report(long forecasts, double brier, double logLoss, double baseRate, double baseRateBrier,
                         double baseRateLogLoss, List<Bin> reliability, int groups, double coverage) {
    }

    /** The report of {@code forecasts} and {@code groups}, beside always forecasting {@code baseRate}. */
    public static Report of(List<Forecast> forecasts, double baseRate, List<Group> groups) {
        if (forecasts.isEmpty()) {
            throw new IllegalArgumentException("no forecasts to score");
        }
        double brier = 0;
        double logLoss = 0;
        double baseBrier = 0;
        double baseLogLoss = 0;
        long[] counts = new long[BINS];
        double[] predicted = new double[BINS];
        double[] observed = new double[BINS];
        for (Forecast forecast : forecasts) {
            double p = forecast.probability();
            double y = forecast.outcome();
            brier += (p - y) * (p - y);
            baseBrier += (baseRate - y) * (baseRate - y);
            logLoss += logLoss(p, y);
            baseLogLoss += logLoss(baseRate, y);
            int bin = Math.min(BINS - 1, (int) Math.floor(p * BINS));
            counts[bin]++;
            predicted[bin] += p;
            observed[bin] += y;
        }
        int n = forecasts.size();
        List<Bin> bins = new ArrayList<>(BINS);
        for (int i = 0; i < BINS; i++) {
            bins.add(new Bin((double) i / BINS, (double) (i + 1) / BINS, counts[i],
                    counts[i] == 0 ? Double.NaN : predicted[i] / counts[i], counts[i] == 0 ? Double.NaN : observed[i] / counts[i]));
        }
        long covered = groups.stream().filter(Group::covered).count();
        return new Report(n, brier / n, logLoss / n, baseRate, baseBrier / n, baseLogLoss / n, List.copyOf(bins), groups.size(),
                groups.isEmpty() ? Double.NaN : (double) covered / groups.size());
    }

    private static double logLoss(double probability, double outcome) {
        double p = Math.min(1 - EDGE, Math.max(EDGE, probability));
        return -(outcome * Math.log(p) + (1 - outcome) * Math.log(1 - p));
    }
}
