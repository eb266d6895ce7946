package dev.modelperf.client.cascade;

import dev.modelperf.client.TopicTail;
import dev.modelperf.events.RoutingThreshold;
import dev.modelperf.schemas.keys.LayerKey;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cascade thresholds in force, for a router to apply: reads the compacted thresholds topic in
 * full and keeps following it on one background thread (a plain consumer on every partition, no
 * group), so a threshold published by {@code modelperf routing tune} reaches every router within a
 * poll. Reads are lock-free: each batch swaps in a new immutable map. A layer with no threshold
 * published yet is the router's own default ({@link #thresholdOr}).
 */
public final class LayerThresholds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LayerThresholds.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Object> config;
    private final String topic;
    private final RegistryAvroDeserializer<RoutingThreshold> deserializer;
    private final Thread thread;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closed;
    private volatile Map<LayerKey, RoutingThreshold> inForce = Map.of();

    private LayerThresholds(String bootstrapServers, String registryUrl, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "modelperf-thresholds-reader");
        this.config = config;
        this.topic = topic;
        this.deserializer = new RegistryAvroDeserializer<>(new CachedSchemaRegistry(new HttpSchemaRegistry(registryUrl)),
                RoutingThreshold.getClassSchema());
        this.thread = new Thread(this::run, "modelperf-thresholds");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topic} (normally {@code Topics.routingThresholds()}); waits for it to exist. */
    public static LayerThresholds start(String bootstrapServers, String registryUrl, String topic) {
        LayerThresholds thresholds = new LayerThresholds(bootstrapServers, registryUrl, topic);
        thresholds.thread.start();
        return thresholds;
    }

    /** Waits until the topic was read up to where it ended at start; false when {@code timeout} passed first. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest threshold published for a layer of a tenant, with when, by whom and why. */
    public Optional<RoutingThreshold> current(String tenant, String layerId) {
        return Optional.ofNullable(inForce.get(new LayerKey(tenant, layerId)));
    }

    /** The threshold to apply: the latest published for the layer, else the router's own default. */
    public double thresholdOr(String tenant, String layerId, double defaultThreshold) {
        RoutingThreshold threshold = inForce.get(new LayerKey(tenant, layerId));
        return threshold == null ? defaultThreshold : threshold.getThreshold();
    }

    /** Every layer of a tenant with a published threshold, by layer id. */
    public Map<String, RoutingThreshold> tenant(String tenant) {
        Map<String, RoutingThreshold> layers = new HashMap<>();
        inForce.forEach((key, threshold) -> {
            if (key.tenant().equals(tenant)) {
                layers.put(key.layerId(), threshold);
            }
        });
        return Map.copyOf(layers);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (closed) {
                return;
            }
            List<TopicPartition> partitions = TopicTail.assignEvery(kafka, List.of(topic), () -> closed);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = kafka.endOffsets(partitions);
            Map<LayerKey, RoutingThreshold> latest = new HashMap<>();
            while (!closed) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                if (!records.isEmpty()) {
                    records.forEach(record -> apply(record, latest));
                    inForce = Map.copyOf(latest);
                }
                if (loaded.getCount() > 0 && TopicTail.caughtUp(kafka, endAtStart)) {
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Stopped following the thresholds topic {}; the thresholds last read stay in force", topic, e);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, Map<LayerKey, RoutingThreshold> latest) {
        try {
            LayerKey key = LayerKey.decode(record.key());
            if (record.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, deserializer.deserialize(record.topic(), record.value()));
            }
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable threshold record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
