package dev.modelperf.routing.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {

    private static final EloScale SCALE = EloScale.ARENA;
    /** True strengths in logits: 2.4 logits (about 420 points) from the weakest to the strongest. */
    private static final double[] TRUTH = {-1.2, -0.8, -0.5, -0.1, 0.0, 0.3, 0.6, 1.2};
    private static final int REPLICATES = 400;
    private static final int BATTLES = 1_200;
    /** The share of ties where the odds are even; fewer as they grow apart. */
    private static final double TIE_PROPENSITY = 0.3;
    private static final int PANEL_REPLICATES = 200;
    private static final int PANELS = 240;
    private static final int PANEL_SIZE = 5;

    @Test
    void twoModelsRateTheLogOfTheirWinOdds() {
        PairwiseMatrix matrix = new PairwiseMatrix(4);
        repeat(30, () -> matrix.add(Comparisons.withWinner("a", "a", "b")));
        repeat(10, () -> matrix.add(Comparisons.withWinner("b", "a", "b")));

        RatingFit fit = new BradleyTerry().fit(matrix);

        ModelRating a = fit.ratings().get(0);
        ModelRating b = fit.ratings().get(1);
        assertThat(a.model()).isEqualTo("a");
        assertThat(a.rating(SCALE) - b.rating(SCALE)).isCloseTo(SCALE.perLogit() * Math.log(3), within(1.0));
        assertThat((a.rating(SCALE) + b.rating(SCALE)) / 2).isCloseTo(1000, within(1e-6));
        assertThat(a.low(SCALE)).isLessThan(a.rating(SCALE));
        assertThat(a.high(SCALE)).isGreaterThan(a.rating(SCALE));
        assertThat(a.wins()).isEqualTo(30);
        assertThat(a.losses()).isEqualTo(10);
        assertThat(fit.converged()).isTrue();
    }

    @Test
    void anUndefeatedModelStaysFinite() {
        PairwiseMatrix matrix = new PairwiseMatrix(4);
        repeat(12, () -> matrix.add(Comparisons.withWinner("champion", "champion", "other")));

        RatingFit fit = new BradleyTerry().fit(matrix);

        ModelRating champion = fit.ratings().get(0);
        assertThat(champion.model()).isEqualTo("champion");
        assertThat(champion.rating(SCALE)).isGreaterThan(1200).isLessThan(3000);
        assertThat(champion.high(SCALE)).isFinite();
        assertThat(fit.converged()).isTrue();
    }

    @Test
    void equalRecordsRateEquallyAtTheCentre() {
        PairwiseMatrix matrix = new PairwiseMatrix(4);
        matrix.add(Comparisons.withWinner("a", "a", "b"));
        matrix.add(Comparisons.withWinner("b", "a", "b"));
        matrix.add(Comparisons.tie("a", "b"));

        RatingFit fit = new BradleyTerry().fit(matrix);

        assertThat(fit.ratings()).allSatisfy(rating -> assertThat(rating.rating(SCALE)).isCloseTo(1000, within(1e-6)));
        assertThat(fit.ratings()).extracting(ModelRating::wins).containsExactly(1.5, 1.5);
    }

    @Test
    void aWarmStartReachesTheSameFitInFewerSteps() {
        PairwiseMatrix matrix = battles(new SplittableRandom(7), BATTLES);
        RatingFit cold = new BradleyTerry().fit(matrix);
        PairwiseMatrix grown = PairwiseMatrix.decode(matrix.encode(), 16);
        grown.add(Comparisons.withWinner("m0", "m0", "m7"));

        RatingFit warm = new BradleyTerry().fit(grown, cold.logits());
        RatingFit fresh = new BradleyTerry().fit(grown);

        assertThat(warm.iterations()).isLessThan(fresh.iterations());
        Map<String, Double> freshLogits = fresh.logits();
        warm.ratings().forEach(rating -> assertThat(rating.logit()).isCloseTo(freshLogits.get(rating.model()), within(1e-7)));
    }

    /**
     * Votes simulated from known strengths, ties included, over many seeds: the ratings recover
     * the strengths, and the 95 % sandwich intervals hold the true (centred) strength about 95 %
     * of the time.
     */
    @Test
    void intervalsCoverTheTrueStrengthsAboutNinetyFivePercentOfTheTime() {
        Coverage coverage = coverage(REPLICATES, random -> battles(random, BATTLES));
        System.out.printf("Bradley-Terry sandwich 95%% intervals: coverage %.3f over %d intervals (%d replicates x %d models, %d battles,"
                + " ties %.0f%% at even odds); RMSE %.1f points%n", coverage.share(), coverage.intervals(), REPLICATES, TRUTH.length,
                BATTLES, TIE_PROPENSITY * 100, coverage.rmsePoints());
        assertThat(coverage.share()).isBetween(0.93, 0.97);
        assertThat(coverage.rmsePoints()).isLessThan(30);
        assertThat(coverage.orderedAsTruth()).isGreaterThan(REPLICATES * 9 / 10);
    }

    /**
     * Debates where five models' answers are scored: the ten pairs of one debate are correlated,
     * and the intervals still hold the truth about 95 % of the time because each pair weighs its
     * debate's design effect. Each score is the strength plus Gumbel noise, so every pair still
     * follows Bradley–Terry exactly.
     */
    @Test
    void intervalsOfScoredPanelsCoverTheTrueStrengthsAboutNinetyFivePercentOfTheTime() {
        Coverage coverage = coverage(PANEL_REPLICATES, random -> panels(random, PANELS, PANEL_SIZE));
        System.out.printf("Bradley-Terry sandwich 95%% intervals, scored panels: coverage %.3f over %d intervals (%d replicates x %d"
                + " models, %d panels of %d); RMSE %.1f points%n", coverage.share(), coverage.intervals(), PANEL_REPLICATES, TRUTH.length,
                PANELS, PANEL_SIZE, coverage.rmsePoints());
        assertThat(coverage.share()).isBetween(0.93, 0.975);
        assertThat(coverage.rmsePoints()).isLessThan(30);
    }

    private record Coverage(double share, int intervals, double rmsePoints, int orderedAsTruth) {
    }

    private static Coverage coverage(int replicates, java.util.function.Function<SplittableRandom, PairwiseMatrix> simulation) {
        double mean = 0;
        for (double value : TRUTH) {
            mean += value / TRUTH.length;
        }
        int covered = 0;
        int intervals = 0;
        double squaredError = 0;
        int orderedAsTruth = 0;
        for (int seed = 0; seed < replicates; seed++) {
            RatingFit fit = new BradleyTerry().fit(simulation.apply(new SplittableRandom(seed)));
            for (ModelRating rating : fit.ratings()) {
                double truth = TRUTH[Integer.parseInt(rating.model().substring(1))] - mean;
                double halfWidth = ModelRating.Z95 * rating.standardError();
                covered += Math.abs(rating.logit() - truth) <= halfWidth ? 1 : 0;
                intervals++;
                squaredError += (rating.logit() - truth) * (rating.logit() - truth);
            }
            orderedAsTruth += fit.ratings().get(0).model().equals("m7") && fit.ratings().get(TRUTH.length - 1).model().equals("m0")
                    ? 1 : 0;
        }
        return new Coverage(covered / (double) intervals, intervals, SCALE.points(Math.sqrt(squaredError / intervals)), orderedAsTruth);
    }

    /** {@code size} distinct models per panel, each scored strength + Gumbel(0, 1), squeezed into 0..1 keeping the order. */
    private static PairwiseMatrix panels(SplittableRandom random, int panels, int size) {
        PairwiseMatrix matrix = new PairwiseMatrix(16);
        for (int panel = 0; panel < panels; panel++) {
            List<Integer> models = new java.util.ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            Object[] modelsAndScores = new Object[2 * size];
            for (int slot = 0; slot < size; slot++) {
                int model = models.remove(random.nextInt(models.size()));
                double gumbel = -Math.log(-Math.log(random.nextDouble()));
                modelsAndScores[2 * slot] = "m" + model;
                modelsAndScores[2 * slot + 1] = BradleyTerry.sigmoid((TRUTH[model] + gumbel) / 4);
            }
            matrix.add(Comparisons.scored(null, modelsAndScores));
        }
        return matrix;
    }

    /**
     * Battles between two distinct models drawn at random: a tie with probability
     * {@code TIE_PROPENSITY · 2·min(p, 1−p)}, else the first wins with what keeps its expected
     * score exactly {@code p = σ(θi − θj)}, the Bradley–Terry odds that ties counted as half
     * preserve.
     */
    private static PairwiseMatrix battles(SplittableRandom random, int battles) {
        PairwiseMatrix matrix = new PairwiseMatrix(16);
        for (int battle = 0; battle < battles; battle++) {
            int i = random.nextInt(TRUTH.length);
            int j = random.nextInt(TRUTH.length - 1);
            j = j >= i ? j + 1 : j;
            double p = BradleyTerry.sigmoid(TRUTH[i] - TRUTH[j]);
            double tie = TIE_PROPENSITY * 2 * Math.min(p, 1 - p);
            double draw = random.nextDouble();
            String first = "m" + i;
            String second = "m" + j;
            if (draw < tie) {
                matrix.add(Comparisons.tie(first, second));
            } else {
                matrix.add(Comparisons.withWinner(draw < tie + p - tie / 2 ? first : second, first, second));
            }
        }
        return matrix;
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }
}
