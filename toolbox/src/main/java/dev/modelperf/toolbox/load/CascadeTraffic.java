package dev.modelperf.toolbox.load;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Realistic, reproducible traffic of a routing cascade: four layers ({@link #LAYERS}: keyword,
 * semantic, retrieval, classifier), each with its latency and its confidence→correctness curve
 * ({@link CascadeLayerModel}), then asking the user when none accepts. Each task has a true target
 * among {@link #TARGETS}; a layer proposes it with the probability its confidence gives, another
 * target otherwise. Outcomes arrive for most tasks a little later, most of them naming the right
 * target (so every layer's proposal can be judged), some only saying whether the final route was
 * right, a few never.
 *
 * <p>A layer's confidence and correctness are drawn independently of the layers before it, so the
 * tasks a layer sees look alike whatever earlier thresholds pass on: its best threshold is
 * {@link CascadeLayerModel#bestThreshold} whatever the others are. Real cascades are not so kind
 * (a task hard for one layer tends to be hard for the next); see docs/routing-cascade.md.
 *
 * <p>Every task draws the same number of random values whatever the thresholds, so the same seed
 * gives the same tasks under any thresholds and settings can be compared on identical traffic. Not
 * safe for concurrent use.
 */
public final class CascadeTraffic {

    /** The layers in cascade order, their thresholds deliberately off: keyword and semantic too high, retrieval and classifier too low. */
    public static final List<CascadeLayerModel> LAYERS = List.of(
            new CascadeLayerModel("keyword", "Keyword rules", 2, 0.4, 2.6, 1.4, 8, 0.36, 0.90),
            new CascadeLayerModel("semantic", "Embedding similarity", 25, 0.35, 3, 1.6, 12, 0.50, 0.85),
            new CascadeLayerModel("retrieval", "Retrieval", 80, 0.35, 3.5, 1.5, 10, 0.55, 0.55),
            new CascadeLayerModel("classifier", "Trained classifier", 140, 0.3, 5, 1.5, 14, 0.55, 0.50));

    /** Where tasks go: agents, each with the task category it serves. */
    public static final Map<String, String> TARGETS = Map.of(
            "code-agent", "code/backend/api",
            "frontend-agent", "code/frontend/react",
            "data-agent", "analysis/data",
            "docs-agent", "writing/technical",
            "marketing-agent", "writing/marketing",
            "support-agent", "support/customer",
            "translation-agent", "translation",
            "math-agent", "math/reasoning");

    /** Tasks whose outcome is ever reported. */
    static final double OUTCOME_SHARE = 0.95;
    /** Reported outcomes that name the right target, rather than only whether the final route was right. */
    static final double CORRECT_TARGET_SHARE = 0.9;
    private static final double MEDIAN_OUTCOME_DELAY_MS = 90_000;

    /** A routed task: the decision, and its outcome when one is ever reported. */
    public record Task(RoutingDecision decision, Optional<RoutingOutcome> outcome, String trueTarget) {
    }

    private static final List<String> TARGET_NAMES = TARGETS.keySet().stream().sorted().toList();

    private final String tenant;
    private final Map<String, Double> thresholds;
    private final UniformRandomProvider random;
    private final ZigguratSampler.NormalizedGaussian gaussian;
    private final List<SharedStateContinuousSampler> confidence = new ArrayList<>();

    /** The layers' deliberately-off thresholds. */
    public CascadeTraffic(long seed, String tenant) {
        this(seed, tenant, Map.of());
    }

    /** Thresholds by layer id override the models' current ones, e.g. to replay the same tasks tuned. */
    public CascadeTraffic(long seed, String tenant, Map<String, Double> thresholds) {
        this.tenant = tenant;
        Map<String, Double> inForce = new HashMap<>();
        LAYERS.forEach(layer -> inForce.put(layer.layerId(), thresholds.getOrDefault(layer.layerId(), layer.currentThreshold())));
        this.thresholds = Map.copyOf(inForce);
        this.random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(random);
        LAYERS.forEach(layer -> confidence.add(ChengBetaSampler.of(random, layer.confidenceAlpha(), layer.confidenceBeta())));
    }

    /** The threshold this traffic applies to a layer. */
    public double threshold(String layerId) {
        return thresholds.get(layerId);
    }

    /** Each layer's best threshold for an accuracy target, from the models themselves. */
    public static Map<String, Double> bestThresholds(double accuracyTarget) {
        Map<String, Double> best = new HashMap<>();
        LAYERS.forEach(layer -> best.put(layer.layerId(), layer.bestThreshold(accuracyTarget)));
        return Map.copyOf(best);
    }

    /** The next task, routed at {@code at}. */
    public Task next(Instant at) {
        String truth = TARGET_NAMES.get(random.nextInt(TARGET_NAMES.size()));
        List<LayerAttempt> attempts = new ArrayList<>();
        LayerAttempt accepting = null;
        double totalLatency = 0;
        for (int i = 0; i < LAYERS.size(); i++) {
            CascadeLayerModel layer = LAYERS.get(i);
            double c = Math.min(1.0, Math.max(0.0, confidence.get(i).sample()));
            boolean right = random.nextDouble() < layer.correctProbability(c);
            String wrongTarget = otherThan(truth, random.nextInt(TARGET_NAMES.size() - 1));
            double latency = layer.medianLatencyMs() * Math.exp(layer.latencySigma() * gaussian.sample());
            if (accepting != null) {
                continue;
            }
            double threshold = thresholds.get(layer.layerId());
            LayerAttempt attempt = LayerAttempt.newBuilder().setLayerId(layer.layerId()).setName(layer.name()).setConfidence(c)
                    .setThreshold(threshold).setAccepted(c >= threshold).setTarget(right ? truth : wrongTarget)
                    .setLatencyMs(latency).build();
            attempts.add(attempt);
            totalLatency += latency;
            if (attempt.getAccepted()) {
                accepting = attempt;
            }
        }
        double reported = random.nextDouble();
        double named = random.nextDouble();
        double delay = MEDIAN_OUTCOME_DELAY_MS * Math.exp(0.8 * gaussian.sample());
        String decisionId = new UUID(random.nextLong(), random.nextLong()).toString();
        String outcomeId = new UUID(random.nextLong(), random.nextLong()).toString();
        RoutingDecision decision = RoutingDecision.newBuilder().setDecisionId(decisionId).setTimestamp(at).setTenant(tenant)
                .setTaskId("task-" + decisionId.substring(0, 8)).setCategory(TARGETS.get(truth)).setLayers(attempts)
                .setFinalTarget(accepting == null ? null : accepting.getTarget())
                .setFinalLayer(accepting == null ? null : accepting.getLayerId())
                .setFinalConfidence(accepting == null ? null : accepting.getConfidence())
                .setClarified(accepting == null).setTotalLatencyMs(totalLatency).build();
        if (reported >= OUTCOME_SHARE) {
            return new Task(decision, Optional.empty(), truth);
        }
        boolean clarified = accepting == null;
        // After a clarification the user has said where the task belongs: the right target is always known.
        boolean namesTarget = clarified || named < CORRECT_TARGET_SHARE;
        RoutingOutcome outcome = RoutingOutcome.newBuilder()
                .setEventId(outcomeId)
                .setTimestamp(at.plusMillis(Math.round(delay))).setTenant(tenant).setDecisionId(decisionId)
                .setCompleted(true)
                .setCorrect(clarified ? null : truth.equals(accepting.getTarget()))
                .setCorrectTarget(namesTarget ? truth : null).build();
        return new Task(decision, Optional.of(outcome), truth);
    }

    /** The {@code index}-th target other than {@code truth}. */
    private static String otherThan(String truth, int index) {
        int skip = TARGET_NAMES.indexOf(truth);
        return TARGET_NAMES.get(index >= skip ? index + 1 : index);
    }
}
