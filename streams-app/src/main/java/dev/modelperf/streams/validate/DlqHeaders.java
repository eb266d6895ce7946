package dev.modelperf.streams.validate;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Headers on every DLQ record: why it was refused and where it came from. */
public final class DlqHeaders {

    public static final String REASON = "modelperf.dlq.reason";
    public static final String SOURCE_TOPIC = "modelperf.dlq.source.topic";
    public static final String SOURCE_PARTITION = "modelperf.dlq.source.partition";
    public static final String SOURCE_OFFSET = "modelperf.dlq.source.offset";
    public static final String REJECTED_AT = "modelperf.dlq.rejected.at";

    private DlqHeaders() {
    }

    /** Sets every DLQ header on {@code headers}, replacing earlier values. */
    public static void mark(Headers headers, String reason, String sourceTopic, int sourcePartition, long sourceOffset,
                            long rejectedAtMs) {
        set(headers, REASON, reason);
        set(headers, SOURCE_TOPIC, sourceTopic);
        set(headers, SOURCE_PARTITION, String.valueOf(sourcePartition));
        set(headers, SOURCE_OFFSET, String.valueOf(sourceOffset));
        set(headers, REJECTED_AT, String.valueOf(rejectedAtMs));
    }

    /**
     * Sets only where a record came from: for a record whose verdict is given after a repartition,
     * where its own metadata names the repartition topic instead.
     */
    public static void markSource(Headers headers, String sourceTopic, int sourcePartition, long sourceOffset) {
        set(headers, SOURCE_TOPIC, sourceTopic);
        set(headers, SOURCE_PARTITION, String.valueOf(sourcePartition));
        set(headers, SOURCE_OFFSET, String.valueOf(sourceOffset));
    }

    /** Where a record was consumed from, before any repartition. */
    public record Source(String topic, int partition, long offset) {
    }

    /** The source {@link #markSource marked} on {@code headers}, if any. */
    public static Optional<Source> source(Headers headers) {
        Header topic = headers.lastHeader(SOURCE_TOPIC);
        Header partition = headers.lastHeader(SOURCE_PARTITION);
        Header offset = headers.lastHeader(SOURCE_OFFSET);
        if (topic == null || partition == null || offset == null) {
            return Optional.empty();
        }
        return Optional.of(new Source(text(topic), Integer.parseInt(text(partition)), Long.parseLong(text(offset))));
    }

    /** Sets the reason and the time on a record {@link #markSource marked} with its source earlier. */
    public static void markReason(Headers headers, String reason, long rejectedAtMs) {
        set(headers, REASON, reason);
        set(headers, REJECTED_AT, String.valueOf(rejectedAtMs));
    }

    /** Removes the source headers from an accepted record, so they travel no further. */
    public static void dropSource(Headers headers) {
        headers.remove(SOURCE_TOPIC);
        headers.remove(SOURCE_PARTITION);
        headers.remove(SOURCE_OFFSET);
    }

    private static String text(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void set(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
