package dev.modelperf.client.cascade;

import dev.modelperf.client.InvalidEventException;
import dev.modelperf.events.RoutingThreshold;
import dev.modelperf.schemas.keys.LayerKey;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.schemas.validation.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts cascade thresholds in force: each {@link RoutingThreshold} goes to the compacted thresholds
 * topic keyed {@code tenant|layerId}, where every {@link LayerThresholds} reader picks it up. A
 * publish waits for the broker's acknowledgement, as a tuning tool must know the change took.
 */
public final class ThresholdPublisher implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, RoutingThreshold> producer;
    private final String topic;

    public ThresholdPublisher(String bootstrapServers, String registryUrl, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "modelperf-thresholds");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new StringSerializer(),
                new RegistryAvroSerializer<>(new CachedSchemaRegistry(new HttpSchemaRegistry(registryUrl))));
        this.topic = topic;
    }

    /**
     * Publishes one threshold and waits until the broker has it.
     *
     * @throws InvalidEventException when a field breaks a rule; nothing is sent then
     * @throws KafkaException when the broker does not acknowledge it within 30 s
     */
    public RecordMetadata publish(RoutingThreshold threshold) {
        List<Violation> violations = violations(threshold);
        if (!violations.isEmpty()) {
            throw new InvalidEventException("RoutingThreshold", violations);
        }
        String key = new LayerKey(threshold.getTenant(), threshold.getLayerId()).encode();
        try {
            return producer.send(new ProducerRecord<>(topic, null, threshold.getAppliedAt().toEpochMilli(), key, threshold))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while publishing the threshold of " + key, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("The threshold of " + key + " was not acknowledged: " + e.getMessage(), e);
        }
    }

    static List<Violation> violations(RoutingThreshold threshold) {
        List<Violation> violations = new ArrayList<>();
        if (threshold.getTenant() == null || !ModelCallRules.TENANT.matcher(threshold.getTenant()).matches()) {
            violations.add(new Violation("tenant", "must match " + ModelCallRules.TENANT.pattern()));
        }
        if (threshold.getLayerId() == null || threshold.getLayerId().isBlank()) {
            violations.add(new Violation("layerId", "must not be blank"));
        }
        if (!(threshold.getThreshold() >= 0 && threshold.getThreshold() <= 1)) {
            violations.add(new Violation("threshold", "must be within [0, 1], was " + threshold.getThreshold()));
        }
        Double previous = threshold.getPreviousThreshold();
        if (previous != null && !(previous >= 0 && previous <= 1)) {
            violations.add(new Violation("previousThreshold", "must be within [0, 1], was " + previous));
        }
        if (threshold.getReason() == null || threshold.getReason().isBlank()) {
            violations.add(new Violation("reason", "must say why the threshold changes"));
        }
        return violations;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
