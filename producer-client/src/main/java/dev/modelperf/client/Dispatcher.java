package dev.modelperf.client;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that hands buffered events to the Kafka producer, so that whatever
 * {@code KafkaProducer.send} blocks on (a metadata fetch, a full producer buffer, up to
 * {@code max.block.ms}) never reaches a caller. Every send's callback completes its event's
 * future and counts it as sent or failed (KAFKA-15591: an unchecked send is never taken for delivered).
 */
final class Dispatcher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 512;

    private final EventBuffer buffer;
    private final Producer<String, SpecificRecord> producer;
    private final ClientMetrics metrics;

    Dispatcher(EventBuffer buffer, Producer<String, SpecificRecord> producer, ClientMetrics metrics) {
        this.buffer = buffer;
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            EventBuffer.Batch batch;
            do {
                batch = buffer.take(BATCH);
                batch.events().forEach(this::send);
                if (!batch.flushes().isEmpty()) {
                    producer.flush();
                    batch.flushes().forEach(done -> done.complete(null));
                }
            } while (!batch.finished());
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Only a closed producer gets here; the events still buffered are failed by close().
            log.warn("ModelPerf client dispatcher stopped: {}", e.toString());
        }
    }

    private void send(PendingEvent event) {
        try {
            producer.send(event.record(), (metadata, exception) -> {
                if (exception != null) {
                    metrics.failed(event.kind());
                    event.future().completeExceptionally(exception);
                } else {
                    metrics.sent(event.kind(), event.acceptedNanos());
                    event.future().complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // Serialization, a metadata wait past max.block.ms, a closed producer: the send never started.
            metrics.failed(event.kind());
            event.future().completeExceptionally(e);
        }
    }
}
