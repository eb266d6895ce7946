package dev.modelperf.streams.validate;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Counts records sent to the DLQ as the streams metric {@code dlq-records-total} (group
 * {@code stream-modelperf-metrics}), tagged with the {@code source} topic kind and the
 * {@code reason}'s kind: the reason itself carries record details and would make a series per record.
 */
public final class DlqMeter {

    private final StreamsMetrics metrics;
    private final String taskId;
    private final String source;
    private final Map<String, Sensor> byReason = new HashMap<>();

    public DlqMeter(ProcessorContext<?, ?> context, String source) {
        this.metrics = context.metrics();
        this.taskId = context.taskId().toString();
        this.source = source;
    }

    public void record(String reason) {
        byReason.computeIfAbsent(kind(reason), this::sensor).record();
    }

    /** The kind of a rejection reason, as the validators and the feedback join word them. */
    static String kind(String reason) {
        if (reason.startsWith("value is null")) {
            return "tombstone";
        }
        if (reason.startsWith("cannot deserialize")) {
            return "deserialization";
        }
        if (reason.startsWith("invalid")) {
            return "invalid";
        }
        if (reason.startsWith("key must be")) {
            return "key";
        }
        if (reason.startsWith("too late")) {
            return "late";
        }
        if (reason.startsWith("limit reached")) {
            return "limit";
        }
        if (reason.startsWith("call not found")) {
            return "call_not_found";
        }
        if (reason.startsWith("decision not found")) {
            return "decision_not_found";
        }
        if (reason.startsWith("outcome already recorded")) {
            return "already_judged";
        }
        return "other";
    }

    private Sensor sensor(String kind) {
        String thread = Thread.currentThread().getName();
        Sensor sensor = metrics.addSensor(String.join(".", "modelperf-dlq", thread, taskId, source, kind), Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName("dlq-records-total", "stream-modelperf-metrics", "Records sent to the DLQ, by reason",
                Map.of("thread-id", thread, "task-id", taskId, "source", source, "reason", kind)), new CumulativeSum());
        return sensor;
    }
}
