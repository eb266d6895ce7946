package dev.modelperf.client;

import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** An accepted event waiting in the buffer, with the future its caller holds. */
record PendingEvent(ProducerRecord<String, SpecificRecord> record, EventKind kind, long acceptedNanos,
                    CompletableFuture<RecordMetadata> future) {

    /** The event types the client sends, as they appear in metric tags. */
    enum EventKind {
        CALL("call"), FEEDBACK("feedback"), ROUTING_DECISION("routing-decision"), ROUTING_OUTCOME("routing-outcome"), COMPARISON("comparison"),
        JUDGMENT("judgment");

        private final String tag;

        EventKind(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }
}
