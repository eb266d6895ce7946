package dev.modelperf.toolbox.load;

import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends {@link CascadeTraffic} to the routing topics: each decision keyed by its decision id on
 * {@link Topics#routingDecisions()}, its outcome (when it has one) under the same key on
 * {@link Topics#routingOutcomes()}. Pacing and spreading work as in {@link LoadGenerator}. An
 * outcome's event time is its decision's plus the generated delay, but never later than now: a
 * producer cannot report what has not happened yet.
 */
public final class CascadeLoadGenerator {

    /** What a run sent, what the broker acknowledged, and what the cascade did with the tasks. */
    public record Summary(long decisions, long outcomes, long delivered, long failed, Throwable firstFailure, Duration elapsed,
                          CascadeTally tally) {
    }

    private final Producer<String, SpecificRecord> producer;
    private final Topics topics;
    private final CascadeTraffic traffic;
    private final Clock clock;

    public CascadeLoadGenerator(Producer<String, SpecificRecord> producer, Topics topics, CascadeTraffic traffic, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.traffic = traffic;
        this.clock = clock;
    }

    /** A producer as the client library's: every record acknowledged by all replicas, idempotent, values in the registry format. */
    public static Producer<String, SpecificRecord> producer(String bootstrapServers, String registryUrl, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config, new StringSerializer(),
                new RegistryAvroSerializer<>(new CachedSchemaRegistry(new HttpSchemaRegistry(registryUrl))));
    }

    /** Sends {@code plan.calls()} routed tasks, then waits until every send is acknowledged or has failed. */
    public Summary run(LoadGenerator.Plan plan, LoadGenerator.Progress progress, BooleanSupplier stop) {
        CascadeTally tally = new CascadeTally();
        AtomicLong delivered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long started = System.nanoTime();
        long nanosPerTask = plan.ratePerSecond() > 0 ? Math.round(1e9 / plan.ratePerSecond()) : 0;
        Instant spreadStart = clock.instant().minus(plan.spread());
        long spreadMs = plan.spread().toMillis();
        long nextReport = started;
        long sent = 0;
        long outcomes = 0;
        for (; sent < plan.calls() && !stop.getAsBoolean(); sent++) {
            if (nanosPerTask > 0) {
                long ahead = started + sent * nanosPerTask - System.nanoTime();
                if (ahead > TimeUnit.MILLISECONDS.toNanos(1)) {
                    LockSupport.parkNanos(ahead);
                }
            }
            Instant at = spreadMs > 0 ? spreadStart.plusMillis(spreadMs * sent / plan.calls()) : clock.instant();
            CascadeTraffic.Task task = traffic.next(at);
            tally.count(task);
            String key = task.decision().getDecisionId();
            send(topics.routingDecisions(), key, at, task.decision(), delivered, failed, firstFailure);
            if (task.outcome().isPresent()) {
                RoutingOutcome outcome = task.outcome().get();
                Instant now = clock.instant();
                if (outcome.getTimestamp().isAfter(now)) {
                    outcome = RoutingOutcome.newBuilder(outcome).setTimestamp(now).build();
                }
                send(topics.routingOutcomes(), key, outcome.getTimestamp(), outcome, delivered, failed, firstFailure);
                outcomes++;
            }
            if ((sent & 255) == 0 && System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                report(progress, sent, plan.calls(), started);
            }
        }
        producer.flush();
        report(progress, sent, plan.calls(), started);
        return new Summary(sent, outcomes, delivered.get(), failed.get(), firstFailure.get(),
                Duration.ofNanos(System.nanoTime() - started), tally);
    }

    private void send(String topic, String key, Instant at, SpecificRecord value, AtomicLong delivered, AtomicLong failed,
                      AtomicReference<Throwable> firstFailure) {
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value), (RecordMetadata metadata, Exception error) -> {
            if (error == null) {
                delivered.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    private static void report(LoadGenerator.Progress progress, long sent, long planned, long started) {
        long elapsed = System.nanoTime() - started;
        progress.update(sent, planned, elapsed == 0 ? 0 : sent * 1e9 / elapsed, Duration.ofNanos(elapsed));
    }
}
