package dev.modelperf.streams.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an event the first time its id is seen and drops it every later time within the
 * window: a client or ingest caller that retries (a 503, a lost acknowledgement) sends the very
 * same event again, and it must count once. Seen ids live in a window store at the event's own
 * timestamp, so they expire by segment as stream time moves past the window, and its changelog
 * commits in the same transaction as the forwarded event (exactly once). A dropped duplicate is
 * not bad input, so it goes to no DLQ: it is counted as {@code duplicates-total} (group
 * {@code stream-modelperf-metrics}, tagged by {@code source}) and logged at debug.
 */
final class DuplicateFilter<V> extends ContextualProcessor<String, V, String, V> {

    private static final Logger log = LoggerFactory.getLogger(DuplicateFilter.class);

    private final String storeName;
    private final String source;
    private final Function<V, String> idOf;
    private final ToLongFunction<V> timeOf;
    private final long windowMs;
    private WindowStore<String, Long> seen;
    private Sensor duplicates;

    /**
     * {@code idOf}: the id that makes two events the same (tenant and event id); {@code timeOf}: the
     * event's own timestamp, equal in every copy of it.
     */
    DuplicateFilter(String storeName, String source, Function<V, String> idOf, ToLongFunction<V> timeOf, Duration window) {
        this.storeName = storeName;
        this.source = source;
        this.idOf = idOf;
        this.timeOf = timeOf;
        this.windowMs = window.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        super.init(context);
        seen = context.getStateStore(storeName);
        String thread = Thread.currentThread().getName();
        String taskId = context.taskId().toString();
        duplicates = context.metrics().addSensor(String.join(".", "modelperf-duplicates", thread, taskId, source),
                Sensor.RecordingLevel.INFO);
        duplicates.add(new MetricName("duplicates-total", "stream-modelperf-metrics",
                "Events dropped because an event with the same tenant and id was already counted",
                Map.of("thread-id", thread, "task-id", taskId, "source", source)), new CumulativeSum());
    }

    @Override
    public void process(Record<String, V> record) {
        String id = idOf.apply(record.value());
        long at = timeOf.applyAsLong(record.value());
        Long firstSeen = firstSeen(id, at);
        if (firstSeen != null) {
            duplicates.record();
            log.debug("Dropped a duplicate {} {} (first seen at {})", source, id, Instant.ofEpochMilli(firstSeen));
            return;
        }
        seen.put(id, context().currentSystemTimeMs(), at);
        context().forward(record);
    }

    /** When the id was first counted, if it was within the window around {@code at}; null otherwise. */
    private Long firstSeen(String id, long at) {
        try (WindowStoreIterator<Long> earlier = seen.fetch(id, Instant.ofEpochMilli(Math.max(0, at - windowMs)),
                Instant.ofEpochMilli(at + windowMs))) {
            return earlier.hasNext() ? earlier.next().value : null;
        }
    }
}
