package dev.modelperf.query.decisions;

import dev.modelperf.events.DecisionFigures;
import dev.modelperf.query.rankings.RankingWindow;
import dev.modelperf.query.rankings.RankingsView;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.keys.DecisionKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the ready-made view's 24h figures to the compacted decisions topic, one record per
 * (tenant, category level, model), for routers that decide in-process. Each instance publishes
 * only the models of the partitions it holds, so several instances never overwrite each other; a
 * model gone from a level it still holds gets a tombstone, one whose partition moved is left to
 * the new owner. A record is sent when its figures changed — counts, latency, cost, quality, or
 * its age-weighted evidence by more than {@value #EVIDENCE_TOLERANCE} relatively — and at least
 * every {@link #REFRESH}, so that a router can tell fresh figures from a silent server.
 */
public final class DecisionPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DecisionPublisher.class);
    static final RankingWindow WINDOW = RankingWindow.DAY;
    static final double EVIDENCE_TOLERANCE = 0.01;
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final RankingsView view;
    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final int callPartitions;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelperf-decision-publisher");
        thread.setDaemon(true);
        return thread;
    });
    /** Touched by the publisher thread only. */
    private final Map<DecisionKey, Sent> sent = new HashMap<>();

    public DecisionPublisher(RankingsView view, Producer<String, SpecificRecord> producer, String topic, int callPartitions,
                             Clock clock, Duration interval) {
        this.view = view;
        this.producer = producer;
        this.topic = topic;
        this.callPartitions = callPartitions;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * A publisher with its own plain idempotent producer ({@code acks=all}): the topic is a cache
     * derived from the stores and rewritten on every change, so a record lost or sent twice heals
     * at the next round and a transaction would buy nothing.
     */
    public static DecisionPublisher create(RankingsView view, ModelPerfSettings settings, SchemaRegistry registry,
                                           int callPartitions, Clock clock) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.streams().kafka().forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.streams().bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.streams().applicationId() + "-decisions");
        Producer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                new RegistryAvroSerializer<>(registry));
        return new DecisionPublisher(view, producer, settings.streams().topics().decisions(), callPartitions, clock,
                settings.query().publishInterval());
    }

    public DecisionPublisher start() {
        publisher.scheduleWithFixedDelay(this::publishLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void publishLogged() {
        try {
            publish();
        } catch (RuntimeException e) {
            // Caught so that the schedule goes on; the next round sends what changed since the last one sent.
            log.warn("Decision figures not published", e);
        }
    }

    /** One round: what changed since the last round, and tombstones for models gone from a level held here. */
    void publish() {
        Optional<RankingsView.Published> published = view.published(WINDOW);
        if (published.isEmpty()) {
            return;
        }
        RankingsView.Published current = published.get();
        long now = clock.millis();
        Map<DecisionKey, ModelFigures> present = new HashMap<>();
        current.byTenant().forEach((tenant, byCategory) -> byCategory.forEach((category, models) -> {
            for (ModelFigures figures : models) {
                present.put(new DecisionKey(tenant, category, figures.model()), figures);
            }
        }));
        int records = 0;
        for (Map.Entry<DecisionKey, ModelFigures> entry : present.entrySet()) {
            Sent before = sent.get(entry.getKey());
            if (before == null || now - before.atMs() >= REFRESH.toMillis() || changed(before.figures(), entry.getValue())) {
                send(entry.getKey(), toRecord(entry.getKey(), entry.getValue(), current.asOfMs()));
                sent.put(entry.getKey(), new Sent(entry.getValue(), now));
                records++;
            }
        }
        for (Iterator<Map.Entry<DecisionKey, Sent>> it = sent.entrySet().iterator(); it.hasNext(); ) {
            DecisionKey key = it.next().getKey();
            if (!present.containsKey(key)) {
                if (current.partitions().contains(partitionOf(key))) {
                    send(key, null);
                    records++;
                }
                it.remove();
            }
        }
        if (records > 0) {
            log.debug("Published {} decision records", records);
        }
    }

    private void send(DecisionKey key, DecisionFigures value) {
        producer.send(new ProducerRecord<>(topic, key.encode(), value), (metadata, error) -> {
            if (error != null) {
                log.warn("Decision figures of {} not delivered; the next change or refresh sends them again", key, error);
                try {
                    publisher.execute(() -> sent.remove(key));
                } catch (RejectedExecutionException closed) {
                    // Closing: nothing more is published.
                }
            }
        });
    }

    /** The calls partition a model's figures come from: the default partitioner's choice for its call key. */
    private int partitionOf(DecisionKey key) {
        byte[] bytes = new CallKey(key.tenant(), key.model()).encode().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % callPartitions;
    }

    static boolean changed(ModelFigures before, ModelFigures now) {
        return before.calls() != now.calls() || before.successes() != now.successes()
                || !Objects.equals(before.latencyP50Ms(), now.latencyP50Ms())
                || !Objects.equals(before.latencyP95Ms(), now.latencyP95Ms())
                || !Objects.equals(before.costPerSuccessUsd(), now.costPerSuccessUsd())
                || !Objects.equals(before.quality(), now.quality())
                || !Objects.equals(before.provider(), now.provider())
                || drifted(before.evidence(), now.evidence());
    }

    private static boolean drifted(Evidence before, Evidence now) {
        for (double[] pair : List.of(new double[] {before.calls(), now.calls()}, new double[] {before.successes(), now.successes()},
                new double[] {before.qualitySum(), now.qualitySum()}, new double[] {before.qualityCount(), now.qualityCount()})) {
            if (Math.abs(pair[0] - pair[1]) > EVIDENCE_TOLERANCE * Math.max(Math.abs(pair[0]), 1e-9)) {
                return true;
            }
        }
        return false;
    }

    static DecisionFigures toRecord(DecisionKey key, ModelFigures figures, long asOfMs) {
        Evidence evidence = figures.evidence();
        return DecisionFigures.newBuilder().setTenant(key.tenant()).setCategory(key.category()).setModel(key.model())
                .setProvider(figures.provider()).setWindow(WINDOW.label()).setCalls(figures.calls())
                .setSuccesses(figures.successes()).setLatencyP50Ms(figures.latencyP50Ms()).setLatencyP95Ms(figures.latencyP95Ms())
                .setCostPerSuccessUsd(figures.costPerSuccessUsd()).setCostedCalls(figures.costedCalls())
                .setQuality(figures.quality()).setQualityCount(figures.qualityCount()).setLastCallMs(figures.lastCallMs())
                .setEvidenceCalls(evidence.calls()).setEvidenceSuccesses(evidence.successes())
                .setEvidenceQualitySum(evidence.qualitySum()).setEvidenceQualityCount(evidence.qualityCount())
                .setAsOf(Instant.ofEpochMilli(asOfMs)).build();
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        try {
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private record Sent(ModelFigures figures, long atMs) {
    }
}
