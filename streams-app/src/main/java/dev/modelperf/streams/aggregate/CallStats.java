package dev.modelperf.streams.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one window knows about the calls of one (tenant, category, model): counts by status, a
 * mergeable latency sketch (DDSketch, 1 % relative accuracy), token and cost sums. Mutable, as
 * an accumulator is; windows and instances combine with {@link #merge(CallStats)}.
 */
public final class CallStats {

    public static final double RELATIVE_ACCURACY = 0.01;
    /** Bounds a sketch's memory: beyond 2,048 bins the lowest latencies collapse, not the tail. */
    static final int MAX_BINS = 2048;
    static final IndexMapping LATENCY_MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);
    static final Supplier<Store> LATENCY_STORE = () -> new CollapsingLowestDenseStore(MAX_BINS);

    private static final CallStatus[] STATUSES = CallStatus.values();

    private long count;
    private final long[] countsByStatus;
    private final DDSketch latencyMs;
    private long inputTokens;
    private long outputTokens;
    private double costUsd;
    private long costedCalls;

    public CallStats() {
        this(new long[STATUSES.length], new DDSketch(LATENCY_MAPPING, LATENCY_STORE), 0, 0, 0, 0, 0);
    }

    CallStats(long[] countsByStatus, DDSketch latencyMs, long count, long inputTokens, long outputTokens,
              double costUsd, long costedCalls) {
        this.countsByStatus = countsByStatus;
        this.latencyMs = latencyMs;
        this.count = count;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.costUsd = costUsd;
        this.costedCalls = costedCalls;
    }

    /** Counts one call. */
    public CallStats add(ModelCall call) {
        count++;
        countsByStatus[call.getStatus().ordinal()]++;
        latencyMs.accept(call.getLatencyMs());
        inputTokens += call.getInputTokens();
        outputTokens += call.getOutputTokens();
        if (call.getCostUsd() != null) {
            costUsd += call.getCostUsd();
            costedCalls++;
        }
        return this;
    }

    /** Adds everything {@code other} counted to this. */
    public CallStats merge(CallStats other) {
        count += other.count;
        for (int i = 0; i < countsByStatus.length; i++) {
            countsByStatus[i] += other.countsByStatus[i];
        }
        latencyMs.mergeWith(other.latencyMs);
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        costUsd += other.costUsd;
        costedCalls += other.costedCalls;
        return this;
    }

    public long count() {
        return count;
    }

    public long successes() {
        return countsByStatus[CallStatus.OK.ordinal()];
    }

    public long countOf(CallStatus status) {
        return countsByStatus[status.ordinal()];
    }

    /** Failures by status; statuses never seen are left out. */
    public Map<CallStatus, Long> failuresByStatus() {
        Map<CallStatus, Long> failures = new EnumMap<>(CallStatus.class);
        for (CallStatus status : STATUSES) {
            if (status != CallStatus.OK && countsByStatus[status.ordinal()] > 0) {
                failures.put(status, countsByStatus[status.ordinal()]);
            }
        }
        return failures;
    }

    /** The latency at quantile {@code q} (0..1), within 1 % of the true value; NaN when empty. */
    public double latencyQuantileMs(double q) {
        return latencyMs.isEmpty() ? Double.NaN : latencyMs.getValueAtQuantile(q);
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    /** Sum of the costs the events carried. */
    public double costUsd() {
        return costUsd;
    }

    /** How many calls carried a cost. */
    public long costedCalls() {
        return costedCalls;
    }

    long[] countsByStatus() {
        return countsByStatus;
    }

    DDSketch latencySketch() {
        return latencyMs;
    }
}
