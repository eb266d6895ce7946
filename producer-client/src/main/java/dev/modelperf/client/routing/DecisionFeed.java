package dev.modelperf.client.routing;

import dev.modelperf.client.TopicTail;
import dev.modelperf.events.DecisionFigures;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.keys.DecisionKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the decisions and health topics in full into memory, on one background thread: a plain
 * consumer that assigns itself every partition (no group), starts from the beginning and keeps
 * polling. After each batch that changed something it swaps in a new {@link DecisionTable},
 * rebuilding only the tenants that changed. {@link #lastContactMs()} is when the broker last
 * answered, so that the router can tell a quiet topic from an unreachable one.
 */
final class DecisionFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DecisionFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** How often the end offsets are asked for when no record arrives: the proof that the broker answers. */
    private static final Duration CONTACT_CHECK = Duration.ofSeconds(2);

    private final Map<String, Object> config;
    private final String decisionsTopic;
    private final String healthTopic;
    private final RegistryAvroDeserializer<DecisionFigures> figuresDeserializer;
    private final RegistryAvroDeserializer<ModelHealth> healthDeserializer;
    private final Clock clock;
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closed;

    private volatile DecisionTable table = DecisionTable.EMPTY;
    private volatile long lastContactMs = -1;

    /** Touched by the feed's thread only: tenant → level → model → figures, and tenant → model → health. */
    private final Map<String, Map<String, Map<String, ModelFigures>>> figures = new HashMap<>();
    private final Map<String, Map<String, ModelHealth>> health = new HashMap<>();
    private final Map<String, Long> asOf = new HashMap<>();
    private final Set<String> figuresChanged = new HashSet<>();

    DecisionFeed(String bootstrapServers, Map<String, Object> consumerConfig, SchemaRegistry registry, String decisionsTopic,
                 String healthTopic, Clock clock) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A blacklist must reach routers within a few hundred milliseconds: do not let the broker sit on a fetch.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "modelperf-router");
        config.putAll(consumerConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.config = config;
        this.decisionsTopic = decisionsTopic;
        this.healthTopic = healthTopic;
        this.figuresDeserializer = new RegistryAvroDeserializer<>(registry, DecisionFigures.getClassSchema());
        this.healthDeserializer = new RegistryAvroDeserializer<>(registry, ModelHealth.getClassSchema());
        this.clock = clock;
        this.thread = new Thread(this::run, "modelperf-router-feed");
        this.thread.setDaemon(true);
    }

    DecisionFeed start() {
        thread.start();
        return this;
    }

    DecisionTable table() {
        return table;
    }

    long lastContactMs() {
        return lastContactMs;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (closed) {
                return;
            }
            List<TopicPartition> partitions = TopicTail.assignEvery(kafka, List.of(decisionsTopic, healthTopic), () -> closed);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> loadedAt = kafka.endOffsets(partitions);
            lastContactMs = clock.millis();
            long nextCheck = lastContactMs + CONTACT_CHECK.toMillis();
            boolean loaded = false;
            while (!closed) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                long now = clock.millis();
                Set<String> changed = apply(records);
                if (!records.isEmpty()) {
                    lastContactMs = now;
                } else if (now >= nextCheck) {
                    try {
                        kafka.endOffsets(partitions, Duration.ofSeconds(1));
                        lastContactMs = clock.millis();
                    } catch (TimeoutException unreachable) {
                        log.debug("Decision topics unreachable: {}", unreachable.toString());
                    }
                    nextCheck = now + CONTACT_CHECK.toMillis();
                }
                if (!loaded) {
                    loaded = TopicTail.caughtUp(kafka, loadedAt);
                    if (loaded) {
                        changed.addAll(figures.keySet());
                        changed.addAll(health.keySet());
                    }
                }
                if (!changed.isEmpty() || (loaded && !table.loaded())) {
                    table = rebuilt(table, changed, loaded);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("The router's decision feed stopped; decisions fall back to the rule table", e);
        }
    }

    /** Folds a batch into the maps; returns the tenants it changed. */
    private Set<String> apply(ConsumerRecords<String, byte[]> records) {
        Set<String> changed = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.topic().equals(decisionsTopic)) {
                    applyFigures(record, changed);
                } else {
                    applyHealth(record, changed);
                }
            } catch (RuntimeException e) {
                log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
            }
        }
        return changed;
    }

    private void applyFigures(ConsumerRecord<String, byte[]> record, Set<String> changed) {
        DecisionKey key = DecisionKey.decode(record.key());
        Map<String, Map<String, ModelFigures>> byLevel = figures.computeIfAbsent(key.tenant(), t -> new HashMap<>());
        if (record.value() == null) {
            Map<String, ModelFigures> models = byLevel.get(key.category());
            if (models != null) {
                models.remove(key.model());
            }
        } else {
            DecisionFigures value = figuresDeserializer.deserialize(record.topic(), record.value());
            byLevel.computeIfAbsent(key.category(), c -> new HashMap<>()).put(key.model(), figures(value));
            asOf.merge(key.tenant(), value.getAsOf().toEpochMilli(), Math::max);
        }
        changed.add(key.tenant());
        figuresChanged.add(key.tenant());
    }

    private void applyHealth(ConsumerRecord<String, byte[]> record, Set<String> changed) {
        CallKey key = CallKey.decode(record.key());
        Map<String, ModelHealth> models = health.computeIfAbsent(key.tenant(), t -> new HashMap<>());
        if (record.value() == null) {
            models.remove(key.model());
        } else {
            models.put(key.model(), healthDeserializer.deserialize(record.topic(), record.value()));
        }
        changed.add(key.tenant());
        // Health alone keeps the tenant's estimates: see rebuilt().
    }

    static ModelFigures figures(DecisionFigures value) {
        return new ModelFigures(value.getModel(), value.getProvider(), value.getCalls(), value.getSuccesses(),
                value.getLatencyP50Ms(), value.getLatencyP95Ms(), value.getCostPerSuccessUsd(), value.getCostedCalls(),
                value.getQuality(), value.getQualityCount(), value.getLastCallMs(),
                new Evidence(value.getEvidenceCalls(), value.getEvidenceSuccesses(), value.getEvidenceQualitySum(),
                        value.getEvidenceQualityCount()));
    }

    /** The next table: the changed tenants rebuilt (only their health when only health changed), the others shared. */
    private DecisionTable rebuilt(DecisionTable before, Set<String> changed, boolean loaded) {
        Map<String, TenantDecisions> tenants = new HashMap<>(before.tenants());
        for (String tenant : changed) {
            TenantDecisions current = tenants.get(tenant);
            Map<String, ModelHealth> tenantHealth = health.getOrDefault(tenant, Map.of());
            tenants.put(tenant, current == null || figuresChanged.contains(tenant)
                    ? TenantDecisions.of(figures.getOrDefault(tenant, Map.of()), tenantHealth)
                    : current.withHealth(tenantHealth));
        }
        figuresChanged.clear();
        long newest = asOf.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        return new DecisionTable(Map.copyOf(tenants), loaded, newest);
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
