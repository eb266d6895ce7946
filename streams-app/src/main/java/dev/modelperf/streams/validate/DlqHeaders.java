package dev.modelperf.streams.validate;

/** Headers on every DLQ record: why it was refused and where it came from. */
public final class DlqHeaders {

    public static final String REASON = "modelperf.dlq.reason";
    public static final String SOURCE_TOPIC = "modelperf.dlq.source.topic";
    public static final String SOURCE_PARTITION = "modelperf.dlq.source.partition";
    public static final String SOURCE_OFFSET = "modelperf.dlq.source.offset";
    public static final String REJECTED_AT = "modelperf.dlq.rejected.at";

    private DlqHeaders() {
    }
}
