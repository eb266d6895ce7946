package dev.modelperf.toolbox.load;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Debates drawn from {@link TrueRatings}: each, in one of the truth's top-level categories (drawn
 * evenly) and a leaf of {@link SyntheticTraffic}'s under it, asks 2 to {@value #MAX_PANEL} models
 * of the panel the same task, and the judge's scores order their answers so that every pair's win probability is
 * exactly Bradley–Terry from the true ratings. Each answer's latent quality is its model's strength
 * plus standard Gumbel noise; the difference of two Gumbels is logistic, so answer a beats answer b
 * with probability {@code 1 / (1 + exp(θb - θa))} whoever else is on the panel (the ranking is
 * Plackett–Luce). Scores are a monotone map of the latent into 0..1. A share of debates ({@code
 * tieShare}) ends in a tie the judge declares whatever the answers: every score equal, no winner,
 * each pair half a win each way, which pulls a pair's expected share towards one half
 * ({@link #expectedWinShare}).
 *
 * <p>Each answer is also a recorded {@link ModelCall} (the entry's {@code callEventId}) with the
 * model's latency, tokens and cost; a share of them ({@code judgmentShare}) gets a {@link Judgment}
 * with scores per criterion, thinking budget and tokens used, and minimality. Reproducible: every
 * debate consumes the same number of draws whatever its event time, so the same seed gives the
 * same events and counts. Safe for concurrent use.
 */
public final class DebateTraffic {

    /** The most models a generated debate asks. */
    public static final int MAX_PANEL = 5;
    public static final double DEFAULT_TIE_SHARE = 0.04;
    public static final double DEFAULT_JUDGMENT_SHARE = 0.3;

    /** The top-level categories generated debates cover unless told otherwise: every kind {@link SyntheticTraffic} knows. */
    public static final List<String> CATEGORIES = SyntheticTraffic.CATEGORIES.stream().map(CategoryPath::topLevel).distinct().toList();

    /** Judges: two judge models and a vote; each debate names one. */
    private static final List<String> JUDGES = List.of("judge/claude-opus-4", "judge/o3", "vote/panel");
    /** Votes behind a result, the judge's own included: the consensus score is the winner's share of them. */
    private static final int VOTES = 5;
    private static final List<String> CRITERIA = List.of("correctness", "completeness", "style");
    private static final long[] THINKING_BUDGETS = {1_024, 2_048, 4_096, 8_192, 16_384};
    private static final Complexity[] COMPLEXITIES = {Complexity.LOW, Complexity.MEDIUM, Complexity.HIGH};

    /** One debate: the comparison, the call behind each answer (in entry order), and the judgments of some of those calls. */
    public record Debate(Comparison comparison, List<ModelCall> calls, List<Judgment> judgments) {
    }

    private final TrueRatings truth;
    private final String tenant;
    private final double tieShare;
    private final double judgmentShare;
    private final Map<String, List<SyntheticTraffic.CategoryProfile>> leavesByKind;
    private final SplittableRandom random;

    public DebateTraffic(long seed, String tenant, TrueRatings truth) {
        this(seed, tenant, truth, DEFAULT_TIE_SHARE, DEFAULT_JUDGMENT_SHARE);
    }

    /** {@code tieShare}: the share of debates declared a tie; {@code judgmentShare}: the share of answers judged; both 0..1. */
    public DebateTraffic(long seed, String tenant, TrueRatings truth, double tieShare, double judgmentShare) {
        if (!(tieShare >= 0 && tieShare <= 1) || !(judgmentShare >= 0 && judgmentShare <= 1)) {
            throw new IllegalArgumentException("tieShare and judgmentShare must be between 0 and 1 (were " + tieShare + ", "
                    + judgmentShare + ")");
        }
        this.truth = truth;
        this.tenant = tenant;
        this.tieShare = tieShare;
        this.judgmentShare = judgmentShare;
        this.leavesByKind = new LinkedHashMap<>();
        for (String kind : truth.categories()) {
            List<SyntheticTraffic.CategoryProfile> leaves = SyntheticTraffic.CATEGORY_PROFILES.stream()
                    .filter(c -> CategoryPath.topLevel(c.category()).equals(kind)).toList();
            if (leaves.isEmpty()) {
                throw new IllegalArgumentException("no synthetic category under " + kind + "; the top-level categories are " + CATEGORIES);
            }
            leavesByKind.put(kind, leaves);
        }
        this.random = new SplittableRandom(seed);
    }

    public TrueRatings truth() {
        return truth;
    }

    public double tieShare() {
        return tieShare;
    }

    /**
     * The expected share of {@code a}'s pairwise results against {@code b} in {@code category},
     * ties counted half: Bradley–Terry on decisive debates, one half on ties.
     */
    public double expectedWinShare(String category, String a, String b) {
        return (1 - tieShare) * truth.winProbability(category, a, b) + tieShare / 2;
    }

    /** The next debate, judged at {@code at}; its calls answered just before, judgments given up to a minute after. */
    public synchronized Debate next(Instant at) {
        // The top-level category first, so that each gets its share of debates however many leaves it has.
        String kind = truth.categories().get(random.nextInt(truth.categories().size()));
        List<SyntheticTraffic.CategoryProfile> leaves = leavesByKind.get(kind);
        SyntheticTraffic.CategoryProfile category = leaves.get(random.nextInt(leaves.size()));
        Complexity complexity = COMPLEXITIES[random.nextInt(COMPLEXITIES.length)];
        int size = 2 + random.nextInt(Math.min(MAX_PANEL, truth.panel().size()) - 1);
        List<String> models = pick(size);
        boolean tie = random.nextDouble() < tieShare;
        String judge = JUDGES.get(random.nextInt(JUDGES.size()));
        long inputTokens = between(category.minInputTokens(), category.maxInputTokens());
        String comparisonId = uuid().toString();

        double[] latent = new double[size];
        int best = 0;
        for (int i = 0; i < size; i++) {
            latent[i] = truth.logit(category.category(), models.get(i)) + gumbel();
            best = latent[i] > latent[best] ? i : best;
        }
        int votesForWinner = 1;
        for (int v = 1; v < VOTES; v++) {
            votesForWinner += plackettLuceFirst(category.category(), models) == best ? 1 : 0;
        }
        double tiedScore = 0;
        for (double l : latent) {
            tiedScore += score(l) / size;
        }

        List<ComparisonEntry> entries = new ArrayList<>(size);
        List<ModelCall> calls = new ArrayList<>(size);
        List<Judgment> judgments = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String model = models.get(i);
            double score = tie ? tiedScore : score(latent[i]);
            ModelCall call = call(models.get(i), category, complexity, inputTokens, score, at);
            calls.add(call);
            entries.add(ComparisonEntry.newBuilder()
                    .setModel(model)
                    .setProvider(call.getProvider())
                    .setScore(score)
                    .setLatencyMs(call.getLatencyMs())
                    .setInputTokens(call.getInputTokens())
                    .setOutputTokens(call.getOutputTokens())
                    .setCostUsd(call.getCostUsd())
                    .setCallEventId(call.getEventId())
                    .build());
            Judgment judgment = judgment(call, judge, complexity, at);
            if (judgment != null) {
                judgments.add(judgment);
            }
        }
        Comparison comparison = Comparison.newBuilder()
                .setEventId(comparisonId)
                .setTimestamp(at)
                .setTenant(tenant)
                .setCategory(category.category())
                .setComplexity(complexity)
                .setEntries(entries)
                .setWinner(tie ? null : models.get(best))
                .setTie(tie)
                .setConsensusScore(tie ? null : votesForWinner / (double) VOTES)
                .setJudge(judge)
                .build();
        return new Debate(comparison, List.copyOf(calls), List.copyOf(judgments));
    }

    /** {@code size} distinct models of the panel, in a random order. */
    private List<String> pick(int size) {
        List<String> pool = new ArrayList<>(truth.panel());
        for (int i = 0; i < size; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return List.copyOf(pool.subList(0, size));
    }

    /** One more judge's pick: each model with probability proportional to exp(strength), as Plackett–Luce's first place. */
    private int plackettLuceFirst(String category, List<String> models) {
        double[] weights = new double[models.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.exp(truth.logit(category, models.get(i)));
            total += weights[i];
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < weights.length - 1; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** 0..1, increasing in the latent quality: the order of scores is the order of the latents. */
    private static double score(double latent) {
        return 1 / (1 + Math.exp(-latent / 2));
    }

    private ModelCall call(String model, SyntheticTraffic.CategoryProfile category, Complexity complexity, long inputTokens,
                           double score, Instant at) {
        SyntheticTraffic.ModelProfile profile = SyntheticTraffic.MODELS.stream().filter(p -> p.model().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no synthetic model " + model));
        double hardness = (1 + 0.4 * complexity.ordinal()) * category.latencyFactor();
        long latency = Math.max(20, Math.round(profile.medianLatencyMs() * hardness * Math.exp(0.45 * gaussian())));
        long outputTokens = between(category.minOutputTokens(), category.maxOutputTokens());
        return ModelCall.newBuilder()
                .setEventId(uuid().toString())
                .setTimestamp(at.minusMillis(latency))
                .setTenant(tenant)
                .setModel(model)
                .setProvider(profile.provider())
                .setOperation("chat")
                .setCategory(category.category())
                .setComplexity(complexity)
                .setLatencyMs(latency)
                .setTimeToFirstTokenMs(Math.round(latency * 0.25))
                .setInputTokens(inputTokens)
                .setOutputTokens(outputTokens)
                .setCostUsd(profile.usdPer1kTokens() == 0 ? null : (inputTokens + outputTokens) / 1000.0 * profile.usdPer1kTokens())
                .setStatus(CallStatus.OK)
                .setQualityScore(score)
                .setAttributes(Map.of())
                .build();
    }

    /** A judgment of {@code call} for the configured share of answers (null otherwise), the same number of draws either way. */
    private Judgment judgment(ModelCall call, String comparisonJudge, Complexity complexity, Instant at) {
        double shareDraw = random.nextDouble();
        double[] noise = new double[CRITERIA.size()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 0.08 * gaussian();
        }
        int budgetIndex = Math.min(THINKING_BUDGETS.length - 1, complexity.ordinal() + random.nextInt(3));
        double usedShare = random.nextDouble();
        double minimalityDraw = random.nextDouble();
        long delayMs = 1_000 + random.nextLong(59_000);
        UUID eventId = uuid();
        if (shareDraw >= judgmentShare) {
            return null;
        }
        double quality = call.getQualityScore();
        Map<String, Double> scores = new LinkedHashMap<>();
        double overall = 0;
        for (int i = 0; i < CRITERIA.size(); i++) {
            double value = Math.min(1, Math.max(0, quality + noise[i]));
            scores.put(CRITERIA.get(i), value);
            overall += value / CRITERIA.size();
        }
        long budget = THINKING_BUDGETS[budgetIndex];
        // Stronger answers tend to need less of their budget, and to change no more than asked.
        long used = Math.round(budget * Math.min(1, 0.2 + 0.8 * usedShare * (1.2 - quality)));
        return Judgment.newBuilder()
                .setEventId(eventId.toString())
                .setTimestamp(at.plusMillis(delayMs))
                .setTenant(tenant)
                .setCallEventId(call.getEventId())
                .setJudge(comparisonJudge.startsWith("judge/") ? comparisonJudge : "rubric/unit-tests")
                .setScores(scores)
                .setOverallScore(overall)
                .setPassed(overall >= 0.5)
                .setThinkingBudgetTokens(budget)
                .setThinkingTokensUsed(used)
                .setMinimality(Math.min(1, Math.max(0, 0.3 + 0.7 * quality * minimalityDraw + 0.2 * quality)))
                .setModel(call.getModel())
                .setCategory(call.getCategory())
                .build();
    }

    private long between(int min, int max) {
        return min + Math.round(random.nextDouble() * (max - min));
    }

    private double gumbel() {
        // Uniform strictly inside (0, 1): neither end may reach a logarithm.
        double u = ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
        return -Math.log(-Math.log(u));
    }

    private double gaussian() {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A version-4 UUID from the seeded generator, so that event ids are reproducible too. */
    private UUID uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~0xC000_0000_0000_0000L) | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }
}
