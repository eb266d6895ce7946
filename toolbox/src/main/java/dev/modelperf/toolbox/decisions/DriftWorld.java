package dev.modelperf.toolbox.decisions;

import java.util.List;
import java.util.Map;

/**
 * A small synthetic world whose truth changes during a run: four models with a true success
 * probability per category; at {@link #DRIFT_AT} of the run {@link #DRIFTING_MODEL} gets much
 * worse in {@link #DRIFT_CATEGORY}, and from {@link #OUTAGE_FROM} to {@link #OUTAGE_TO}
 * {@link #OUTAGE_MODEL} fails every call (an outage), then recovers. Times are fractions of the run.
 */
public final class DriftWorld {

    public static final List<String> MODELS = List.of("acme/atlas", "acme/breeze", "nova/comet", "nova/dune");
    public static final List<String> CATEGORIES = List.of("drift/code", "drift/writing", "drift/math");

    public static final String DRIFTING_MODEL = "acme/atlas";
    public static final String DRIFT_CATEGORY = "drift/code";
    public static final double DRIFT_AT = 0.35;
    public static final double DRIFTED_PROBABILITY = 0.55;

    public static final String OUTAGE_MODEL = "acme/breeze";
    public static final double OUTAGE_FROM = 0.5;
    public static final double OUTAGE_TO = 0.7;

    /** Success probability per model and category before any drift. */
    private static final Map<String, Map<String, Double>> BASE = Map.of(
            "acme/atlas", Map.of("drift/code", 0.95, "drift/writing", 0.80, "drift/math", 0.85),
            "acme/breeze", Map.of("drift/code", 0.85, "drift/writing", 0.93, "drift/math", 0.80),
            "nova/comet", Map.of("drift/code", 0.75, "drift/writing", 0.78, "drift/math", 0.93),
            "nova/dune", Map.of("drift/code", 0.70, "drift/writing", 0.72, "drift/math", 0.70));

    /** Input tokens and USD per call, for the recorded events. */
    static final Map<String, Double> COST_PER_CALL = Map.of(
            "acme/atlas", 0.004, "acme/breeze", 0.002, "nova/comet", 0.003, "nova/dune", 0.0005);
    static final long INPUT_TOKENS = 400;
    static final long OUTPUT_TOKENS = 200;

    private DriftWorld() {
    }

    /** Whether {@code model} is in its outage at {@code progress} (0..1 of the run). */
    public static boolean down(String model, double progress) {
        return model.equals(OUTAGE_MODEL) && progress >= OUTAGE_FROM && progress < OUTAGE_TO;
    }

    /** The chance that a call to {@code model} in {@code category} succeeds at {@code progress}; 0 in an outage. */
    public static double successProbability(String model, String category, double progress) {
        if (down(model, progress)) {
            return 0;
        }
        if (model.equals(DRIFTING_MODEL) && category.equals(DRIFT_CATEGORY) && progress >= DRIFT_AT) {
            return DRIFTED_PROBABILITY;
        }
        return BASE.get(model).get(category);
    }

    /** The best success probability any model offers in {@code category} at {@code progress}: the oracle's. */
    public static double best(String category, double progress) {
        return MODELS.stream().mapToDouble(model -> successProbability(model, category, progress)).max().orElseThrow();
    }
}
