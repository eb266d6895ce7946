package dev.modelperf.query.rankings;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.streams.stores.CallStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Figures for ranking tests: from real aggregates of calls, or written down directly. */
public final class Calls {

    private Calls() {
    }

    /** One call of {@code model}. */
    public static ModelCall call(String model, CallStatus status, long latencyMs) {
        return ModelCall.newBuilder().setEventId(model + "-" + latencyMs + "-" + status).setTimestamp(Instant.EPOCH)
                .setModel(model).setProvider("p").setCategory("code").setLatencyMs(latencyMs).setStatus(status).build();
    }

    /**
     * The aggregate of {@code calls} calls, the first {@code successes} OK in {@code successLatencyMs},
     * the others failing with {@code failure} in {@code failureLatencyMs}; each costing
     * {@code costPerCall} (null: unpriced).
     */
    public static CallStats stats(String model, int calls, int successes, long successLatencyMs, CallStatus failure,
                                  long failureLatencyMs, Double costPerCall) {
        CallStats stats = new CallStats();
        for (int i = 0; i < calls; i++) {
            boolean ok = i < successes;
            stats.add(call(model, ok ? CallStatus.OK : failure, ok ? successLatencyMs : failureLatencyMs), costPerCall, true);
        }
        return stats;
    }

    /** Figures written down: p50 {@code latencyMs}, p95 1.5 times that, no quality data, evidence the plain counts. */
    public static ModelFigures figures(String model, long calls, long successes, Double latencyMs, Double costPerSuccess) {
        return new ModelFigures(model, "p", calls, successes, latencyMs, latencyMs == null ? null : latencyMs * 1.5,
                costPerSuccess, costPerSuccess == null ? 0 : calls, null, 0, 1, new Evidence(calls, successes, 0, 0));
    }

    /** The same figures with {@code count} quality observations averaging {@code mean}. */
    public static ModelFigures withQuality(ModelFigures f, double mean, long count) {
        Evidence e = f.evidence();
        return new ModelFigures(f.model(), f.provider(), f.calls(), f.successes(), f.latencyP50Ms(), f.latencyP95Ms(),
                f.costPerSuccessUsd(), f.costedCalls(), count == 0 ? null : mean, count, f.lastCallMs(),
                new Evidence(e.calls(), e.successes(), mean * count, count));
    }

    /** Every level of {@code category} with the same figures: all of the models' calls are in the category itself. */
    public static Map<String, List<ModelFigures>> allIn(String category, ModelFigures... models) {
        Map<String, List<ModelFigures>> levels = new LinkedHashMap<>();
        CategoryPath.levels(category).forEach(level -> levels.put(level, List.of(models)));
        return levels;
    }
}
