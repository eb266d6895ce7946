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
    private static final int WINNER_REPLICATES = 300;
    private static final int WINNER_PANELS = 300;
    /** One model 600 points (3.45 logits) above three close ones: it sweeps its few games about half the time. */
    private static final double[] LOPSIDED = {-0.3, 0.0, 0.3, 600 / SCALE.perLogit()};
    private static final int LOPSIDED_REPLICATES = 500;
    private static final int LOPSIDED_BATTLES = 60;

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

    /**
     * 12 wins of 12 say the winner is stronger, not by how much: the residuals of a sweep vanish,
     * and the model-based floor keeps the interval from claiming the fit's near-certainty. The
     * profile likelihood puts the gap above about 300 points (150 each side of the centre).
     */
    @Test
    void aCleanSweepKeepsAWideInterval() {
        PairwiseMatrix matrix = new PairwiseMatrix(4);
        repeat(12, () -> matrix.add(Comparisons.withWinner("champion", "champion", "other")));

        ModelRating champion = new BradleyTerry().fit(matrix).ratings().get(0);

        assertThat(champion.low(SCALE)).isLessThan(1000 + 150);
        assertThat(champion.high(SCALE) - champion.low(SCALE)).isGreaterThan(400);
    }

    @Test
    void modelsThatOnlyTiedGetAnIntervalOfSomeWidth() {
        PairwiseMatrix matrix = new PairwiseMatrix(4);
        repeat(12, () -> matrix.add(Comparisons.tie("a", "b", "c")));

        RatingFit fit = new BradleyTerry().fit(matrix);

        assertThat(fit.ratings()).allSatisfy(rating -> {
            assertThat(rating.rating(SCALE)).isCloseTo(1000, within(1e-6));
            assertThat(rating.standardError()).isGreaterThan(0.02);
        });
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
        Coverage coverage = coverage(REPLICATES, TRUTH, random -> battles(random, BATTLES));
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
        Coverage coverage = coverage(PANEL_REPLICATES, TRUTH, random -> panels(random, PANELS, PANEL_SIZE));
        System.out.printf("Bradley-Terry sandwich 95%% intervals, scored panels: coverage %.3f over %d intervals (%d replicates x %d"
                + " models, %d panels of %d); RMSE %.1f points%n", coverage.share(), coverage.intervals(), PANEL_REPLICATES, TRUTH.length,
                PANELS, PANEL_SIZE, coverage.rmsePoints());
        assertThat(coverage.share()).isBetween(0.93, 0.975);
        assertThat(coverage.rmsePoints()).isLessThan(30);
    }

    /**
     * Judges who only name the best of 3–5 answers: the winner beats each of the others, results
     * as correlated as a scored panel's. The winner is the strongest after Gumbel noise (the
     * Plackett–Luce first choice), under which the Bradley–Terry fit of the winner's pairs is
     * unbiased. The intervals weigh each result {@code k/2}.
     */
    @Test
    void intervalsOfWinnerOnlyPanelsCoverTheTrueStrengthsAboutNinetyFivePercentOfTheTime() {
        Coverage coverage = coverage(WINNER_REPLICATES, TRUTH, random -> winnerPanels(random, WINNER_PANELS));
        System.out.printf("Bradley-Terry 95%% intervals, winner-only panels: coverage %.3f over %d intervals (%d replicates x %d"
                + " models, %d panels of 3-5); RMSE %.1f points%n", coverage.share(), coverage.intervals(), WINNER_REPLICATES,
                TRUTH.length, WINNER_PANELS, coverage.rmsePoints());
        assertThat(coverage.share()).isBetween(0.93, 0.975);
        assertThat(coverage.rmsePoints()).isLessThan(45);
    }

    /**
     * A model far above the rest with few games sweeps them about half the time; the sandwich
     * alone then gives it a narrow interval far from the truth, the model-based floor a wide one.
     */
    @Test
    void intervalsOfALopsidedFieldWithSweepsCoverTheTrueStrengths() {
        int[] sweeps = new int[1];
        Coverage coverage = coverage(LOPSIDED_REPLICATES, LOPSIDED, random -> {
            PairwiseMatrix matrix = decisiveBattles(random, LOPSIDED, LOPSIDED_BATTLES);
            sweeps[0] += matrix.pairs().stream().filter(pair -> pair.first().equals("m3") || pair.second().equals("m3"))
                    .allMatch(pair -> pair.first().equals("m3") ? pair.secondWins() == 0 : pair.firstWins() == 0) ? 1 : 0;
            return matrix;
        });
        System.out.printf("Bradley-Terry 95%% intervals, one model 600 points above three: coverage %.3f over %d intervals (%d"
                + " replicates, %d battles, the strong model unbeaten in %d); RMSE %.1f points%n", coverage.share(),
                coverage.intervals(), LOPSIDED_REPLICATES, LOPSIDED_BATTLES, sweeps[0], coverage.rmsePoints());
        assertThat(sweeps[0]).isGreaterThan(LOPSIDED_REPLICATES / 5);
        assertThat(coverage.share()).isBetween(0.92, 0.99);
    }

    private record Coverage(double share, int intervals, double rmsePoints, int orderedAsTruth) {
    }

    private static Coverage coverage(int replicates, double[] truths,
                                     java.util.function.Function<SplittableRandom, PairwiseMatrix> simulation) {
        double mean = 0;
        int strongest = 0;
        int weakest = 0;
        for (int model = 0; model < truths.length; model++) {
            mean += truths[model] / truths.length;
            strongest = truths[model] > truths[strongest] ? model : strongest;
            weakest = truths[model] < truths[weakest] ? model : weakest;
        }
        int covered = 0;
        int intervals = 0;
        double squaredError = 0;
        int orderedAsTruth = 0;
        for (int seed = 0; seed < replicates; seed++) {
            RatingFit fit = new BradleyTerry().fit(simulation.apply(new SplittableRandom(seed)));
            for (ModelRating rating : fit.ratings()) {
                double truth = truths[Integer.parseInt(rating.model().substring(1))] - mean;
                double halfWidth = ModelRating.Z95 * rating.standardError();
                covered += Math.abs(rating.logit() - truth) <= halfWidth ? 1 : 0;
                intervals++;
                squaredError += (rating.logit() - truth) * (rating.logit() - truth);
            }
            orderedAsTruth += fit.ratings().get(0).model().equals("m" + strongest)
                    && fit.ratings().get(fit.ratings().size() - 1).model().equals("m" + weakest) ? 1 : 0;
        }
        return new Coverage(covered / (double) intervals, intervals, SCALE.points(Math.sqrt(squaredError / intervals)), orderedAsTruth);
    }

    /** Panels of 3–5 distinct models; the winner the one whose strength + Gumbel(0, 1) is highest; no scores. */
    private static PairwiseMatrix winnerPanels(SplittableRandom random, int panels) {
        PairwiseMatrix matrix = new PairwiseMatrix(16);
        for (int panel = 0; panel < panels; panel++) {
            List<Integer> models = new java.util.ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            String[] names = new String[3 + random.nextInt(3)];
            String winner = null;
            double best = Double.NEGATIVE_INFINITY;
            for (int slot = 0; slot < names.length; slot++) {
                int model = models.remove(random.nextInt(models.size()));
                double noisy = TRUTH[model] - Math.log(-Math.log(random.nextDouble()));
                names[slot] = "m" + model;
                if (noisy > best) {
                    best = noisy;
                    winner = names[slot];
                }
            }
            matrix.add(Comparisons.withWinner(winner, names));
        }
        return matrix;
    }

    /** Battles between two distinct models drawn at random, always decided, with Bradley–Terry odds. */
    private static PairwiseMatrix decisiveBattles(SplittableRandom random, double[] truths, int battles) {
        PairwiseMatrix matrix = new PairwiseMatrix(16);
        for (int battle = 0; battle < battles; battle++) {
            int i = random.nextInt(truths.length);
            int j = random.nextInt(truths.length - 1);
            j = j >= i ? j + 1 : j;
            boolean firstWins = random.nextDouble() < BradleyTerry.sigmoid(truths[i] - truths[j]);
            matrix.add(Comparisons.withWinner(firstWins ? "m" + i : "m" + j, "m" + i, "m" + j));
        }
        return matrix;
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
