package dev.modelperf.routing.rating;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Bradley–Terry ratings of a pairwise matrix: model {@code i} beats {@code j} with probability
 * {@code σ(θi − θj)}, a tie counting half a win each way (a quasi-likelihood: ties only move the
 * expected score, their smaller variance is left to the intervals).
 *
 * <p>Fitted by Newton's method on the log-likelihood less a ridge {@code (λ/2)·Σθ²}, i.e. a
 * normal prior of standard deviation {@code 1/√λ} logits on each strength. The ridge keeps an
 * undefeated model (whose likelihood grows without bound) and models no result links finite, and
 * it centres the strengths on their mean (the likelihood's gradient sums to zero, so the
 * penalised optimum has {@code Σθ = 0}). With {@code λ = 0.01} (10 logits, 1 737 Elo points) it
 * weighs as little as a hundredth of one game at even odds, far below any real record. Newton
 * starts from the previous fit's strengths when given (a warm start: one or two steps after a
 * few new results), with step halving so that every step raises the objective.
 *
 * <p>Standard errors come from the sandwich (robust) estimator {@code A⁻¹ B A⁻¹}: {@code A} the
 * penalised observed information, {@code B} the summed outer products of each result's score
 * contribution, which the pair counts give exactly (decisive wins each way and ties). Results
 * read from one comparison are correlated, so each is weighed by its comparison's design effect
 * ({@link PairwiseRule#varianceWeightSixths}). Unlike the model-based {@code A⁻¹} it stays right
 * when ties make results less variable than coin flips, and unlike a bootstrap it needs no raw
 * comparisons and one solve instead of hundreds of refits. The covariance is that of the centred
 * strengths.
 *
 * <p>The sandwich measures the variance from the residuals, which vanish where the fit matches
 * the data exactly: a clean sweep (fitted as near-certain) or a pair that only ever tied. So no
 * model's variance is let below the model-based one, {@code A⁻¹ B₀ A⁻¹} with {@code B₀} the
 * variance each result has <em>expected</em> at the fitted odds, {@code p(1 − p) − τ/4}, with the
 * same design-effect weights. {@code τ} is the pair's tie share counting one decisive result more
 * than seen, {@code ties/(results + 1)}: 0 without ties, never 1, so a pair that only tied keeps
 * some variance (a quarter of one coin flip). Without
 * ties this is the inverse information; with ties it agrees with the sandwich on average, so the
 * floor widens only the intervals the residuals cannot measure.
 */
public final class BradleyTerry {

    public static final double DEFAULT_RIDGE = 0.01;
    static final int MAX_ITERATIONS = 100;
    /** A step below this in every logit changes no rating by a thousandth of a point. */
    private static final double TOLERANCE = 1e-8;
    private static final int MAX_HALVINGS = 40;

    private final double ridge;

    public BradleyTerry(double ridge) {
        if (!(ridge > 0 && Double.isFinite(ridge))) {
            throw new IllegalArgumentException("ridge must be positive (was " + ridge + ")");
        }
        this.ridge = ridge;
    }

    public BradleyTerry() {
        this(DEFAULT_RIDGE);
    }

    /** Fits {@code matrix} from scratch. */
    public RatingFit fit(PairwiseMatrix matrix) {
        return fit(matrix, Map.of());
    }

    /** Fits {@code matrix} starting from {@code start}'s logits (models it lacks start at 0). */
    public RatingFit fit(PairwiseMatrix matrix, Map<String, Double> start) {
        List<String> models = matrix.models();
        int n = models.size();
        if (n == 0) {
            return new RatingFit(List.of(), matrix.comparisons(), 0, 0, true);
        }
        Map<String, Integer> index = new HashMap<>();
        models.forEach(model -> index.put(model, index.size()));
        List<PairwiseMatrix.PairCounts> pairCounts = matrix.pairs();
        Games games = new Games(pairCounts.size());
        for (PairwiseMatrix.PairCounts pair : pairCounts) {
            games.add(index.get(pair.first()), index.get(pair.second()), pair);
        }

        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            Double previous = start.get(models.get(i));
            theta[i] = previous == null || !Double.isFinite(previous) ? 0 : previous;
        }
        int iterations = 0;
        boolean converged = false;
        double objective = objective(games, theta);
        while (iterations < MAX_ITERATIONS && !converged) {
            iterations++;
            RealVector step = solver(information(games, theta)).solve(new ArrayRealVector(gradient(games, theta), false));
            double scale = 1;
            double[] next = shifted(theta, step, scale);
            double nextObjective = objective(games, next);
            for (int halvings = 0; nextObjective < objective && halvings < MAX_HALVINGS; halvings++) {
                scale /= 2;
                next = shifted(theta, step, scale);
                nextObjective = objective(games, next);
            }
            converged = step.getLInfNorm() * scale < TOLERANCE;
            theta = next;
            objective = nextObjective;
        }

        double[] standardErrors = sandwichStandardErrors(games, theta);
        double mean = 0;
        for (double value : theta) {
            mean += value / n;
        }
        double[] wins = new double[n];
        double[] losses = new double[n];
        for (PairwiseMatrix.PairCounts pair : pairCounts) {
            int a = index.get(pair.first());
            int b = index.get(pair.second());
            wins[a] += pair.firstWins() + pair.ties() / 2.0;
            losses[a] += pair.secondWins() + pair.ties() / 2.0;
            wins[b] += pair.secondWins() + pair.ties() / 2.0;
            losses[b] += pair.firstWins() + pair.ties() / 2.0;
        }
        List<ModelRating> ratings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ratings.add(new ModelRating(models.get(i), theta[i] - mean, standardErrors[i], wins[i], losses[i],
                    matrix.comparisonsOf(models.get(i))));
        }
        ratings.sort(Comparator.comparingDouble(ModelRating::logit).reversed().thenComparing(ModelRating::model));
        return new RatingFit(ratings, matrix.comparisons(), matrix.results(), iterations, converged);
    }

    /** The pair counts as parallel arrays: first index, second index, first's wins, second's wins, ties. */
    private static final class Games {
        final int[] first;
        final int[] second;
        final double[] firstWins;
        final double[] secondWins;
        final double[] ties;
        /** The same results weighed for the intervals by how correlated they are with the rest of their comparison. */
        final double[] firstWinsWeight;
        final double[] secondWinsWeight;
        final double[] tiesWeight;
        /** The pair's tie share counting one more decisive result, for the model-based variance. */
        final double[] tieShare;
        int size;

        Games(int capacity) {
            first = new int[capacity];
            second = new int[capacity];
            firstWins = new double[capacity];
            secondWins = new double[capacity];
            ties = new double[capacity];
            firstWinsWeight = new double[capacity];
            secondWinsWeight = new double[capacity];
            tiesWeight = new double[capacity];
            tieShare = new double[capacity];
        }

        void add(int a, int b, PairwiseMatrix.PairCounts pair) {
            first[size] = a;
            second[size] = b;
            firstWins[size] = pair.firstWins();
            secondWins[size] = pair.secondWins();
            ties[size] = pair.ties();
            firstWinsWeight[size] = pair.firstWinsSixths() / 6.0;
            secondWinsWeight[size] = pair.secondWinsSixths() / 6.0;
            tiesWeight[size] = pair.tiesSixths() / 6.0;
            tieShare[size] = pair.ties() / (pair.firstWins() + pair.secondWins() + pair.ties() + 1.0);
            size++;
        }
    }

    private double objective(Games games, double[] theta) {
        double value = 0;
        for (int k = 0; k < games.size; k++) {
            double d = theta[games.first[k]] - theta[games.second[k]];
            double score = games.firstWins[k] + games.ties[k] / 2;
            double against = games.secondWins[k] + games.ties[k] / 2;
            value += score * logSigmoid(d) + against * logSigmoid(-d);
        }
        for (double t : theta) {
            value -= ridge / 2 * t * t;
        }
        return value;
    }

    private double[] gradient(Games games, double[] theta) {
        double[] gradient = new double[theta.length];
        for (int k = 0; k < games.size; k++) {
            int a = games.first[k];
            int b = games.second[k];
            double p = sigmoid(theta[a] - theta[b]);
            double total = games.firstWins[k] + games.secondWins[k] + games.ties[k];
            double residual = games.firstWins[k] + games.ties[k] / 2 - total * p;
            gradient[a] += residual;
            gradient[b] -= residual;
        }
        for (int i = 0; i < theta.length; i++) {
            gradient[i] -= ridge * theta[i];
        }
        return gradient;
    }

    /** Minus the Hessian of the penalised log-likelihood: positive definite thanks to the ridge. */
    private RealMatrix information(Games games, double[] theta) {
        RealMatrix information = new Array2DRowRealMatrix(theta.length, theta.length);
        for (int k = 0; k < games.size; k++) {
            int a = games.first[k];
            int b = games.second[k];
            double p = sigmoid(theta[a] - theta[b]);
            double weight = (games.firstWins[k] + games.secondWins[k] + games.ties[k]) * p * (1 - p);
            addPairTerm(information, a, b, weight);
        }
        for (int i = 0; i < theta.length; i++) {
            information.addToEntry(i, i, ridge);
        }
        return information;
    }

    /**
     * The score's summed outer products: per result, (y − p)² on the pair's difference vector,
     * weighed by how correlated the result is with the rest of its comparison.
     */
    private static RealMatrix meat(Games games, double[] theta) {
        RealMatrix meat = new Array2DRowRealMatrix(theta.length, theta.length);
        for (int k = 0; k < games.size; k++) {
            int a = games.first[k];
            int b = games.second[k];
            double p = sigmoid(theta[a] - theta[b]);
            double squares = games.firstWinsWeight[k] * (1 - p) * (1 - p) + games.secondWinsWeight[k] * p * p
                    + games.tiesWeight[k] * (0.5 - p) * (0.5 - p);
            addPairTerm(meat, a, b, squares);
        }
        return meat;
    }

    /**
     * What {@link #meat} is expected to be at the fitted odds: per result {@code p(1 − p) − τ/4},
     * the variance of a score of 1, ½ or 0 with expectation {@code p} and tie probability {@code τ}.
     */
    private static RealMatrix expectedMeat(Games games, double[] theta) {
        RealMatrix meat = new Array2DRowRealMatrix(theta.length, theta.length);
        for (int k = 0; k < games.size; k++) {
            int a = games.first[k];
            int b = games.second[k];
            double p = sigmoid(theta[a] - theta[b]);
            double variance = Math.max(0, p * (1 - p) - games.tieShare[k] / 4);
            addPairTerm(meat, a, b, (games.firstWinsWeight[k] + games.secondWinsWeight[k] + games.tiesWeight[k]) * variance);
        }
        return meat;
    }

    /** Per model, the larger of the sandwich's and the model-based standard error of its centred strength. */
    private double[] sandwichStandardErrors(Games games, double[] theta) {
        int n = theta.length;
        RealMatrix bread = solver(information(games, theta)).getInverse();
        RealMatrix centring = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                centring.setEntry(i, j, (i == j ? 1.0 : 0.0) - 1.0 / n);
            }
        }
        RealMatrix centredBread = centring.multiply(bread);
        RealMatrix sandwich = centredBread.multiply(meat(games, theta)).multiply(centredBread.transpose());
        RealMatrix modelBased = centredBread.multiply(expectedMeat(games, theta)).multiply(centredBread.transpose());
        double[] standardErrors = new double[n];
        for (int i = 0; i < n; i++) {
            standardErrors[i] = Math.sqrt(Math.max(0, Math.max(sandwich.getEntry(i, i), modelBased.getEntry(i, i))));
        }
        return standardErrors;
    }

    private static void addPairTerm(RealMatrix matrix, int a, int b, double weight) {
        matrix.addToEntry(a, a, weight);
        matrix.addToEntry(b, b, weight);
        matrix.addToEntry(a, b, -weight);
        matrix.addToEntry(b, a, -weight);
    }

    private static DecompositionSolver solver(RealMatrix information) {
        return new CholeskyDecomposition(information, 1e-12, 1e-14).getSolver();
    }

    private static double[] shifted(double[] theta, RealVector step, double scale) {
        double[] next = theta.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] += scale * step.getEntry(i);
        }
        return next;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }
}
