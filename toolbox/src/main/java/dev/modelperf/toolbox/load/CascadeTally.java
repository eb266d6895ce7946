package dev.modelperf.toolbox.load;

import dev.modelperf.events.LayerAttempt;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run of {@link CascadeTraffic} did, judged against the true targets the generator knows:
 * per layer how many tasks it saw, accepted and got right, and for the cascade the accuracy,
 * average latency and clarification rate the targets are set on.
 */
public final class CascadeTally {

    /** One layer's counts. */
    public record LayerCounts(long seen, long accepted, long acceptedCorrect, double latencySumMs) {

        /** Share of the tasks the layer saw that it accepted. */
        public double capture() {
            return seen == 0 ? 0 : accepted / (double) seen;
        }

        public double accuracy() {
            return accepted == 0 ? 0 : acceptedCorrect / (double) accepted;
        }
    }

    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, Double> latency = new LinkedHashMap<>();
    private long tasks;
    private long correct;
    private long clarified;
    private double latencySumMs;

    public CascadeTally() {
        CascadeTraffic.LAYERS.forEach(layer -> {
            counts.put(layer.layerId(), new long[3]);
            latency.put(layer.layerId(), 0.0);
        });
    }

    public void count(CascadeTraffic.Task task) {
        tasks++;
        latencySumMs += task.decision().getTotalLatencyMs();
        if (task.decision().getClarified()) {
            clarified++;
        }
        for (LayerAttempt attempt : task.decision().getLayers()) {
            long[] layer = counts.computeIfAbsent(attempt.getLayerId(), id -> new long[3]);
            latency.merge(attempt.getLayerId(), attempt.getLatencyMs(), Double::sum);
            layer[0]++;
            if (attempt.getAccepted()) {
                layer[1]++;
                if (task.trueTarget().equals(attempt.getTarget())) {
                    layer[2]++;
                    correct++;
                }
            }
        }
    }

    public long tasks() {
        return tasks;
    }

    /** Right routes among the tasks some layer accepted. */
    public double accuracy() {
        long routed = tasks - clarified;
        return routed == 0 ? 0 : correct / (double) routed;
    }

    public double clarificationRate() {
        return tasks == 0 ? 0 : clarified / (double) tasks;
    }

    public double averageLatencyMs() {
        return tasks == 0 ? 0 : latencySumMs / tasks;
    }

    /** Per layer in cascade order. */
    public Map<String, LayerCounts> layers() {
        Map<String, LayerCounts> layers = new LinkedHashMap<>();
        counts.forEach((id, c) -> layers.put(id, new LayerCounts(c[0], c[1], c[2], latency.get(id))));
        return layers;
    }
}
