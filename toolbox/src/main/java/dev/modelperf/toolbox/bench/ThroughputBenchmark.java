package dev.modelperf.toolbox.bench;

import dev.modelperf.toolbox.load.SyntheticTraffic;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfStreams;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.CallStatsSerde;
import dev.modelperf.streams.stores.Resolution;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.streams.topics.TopicProvisioner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The yardstick: on the local stack, in one run, how fast N calls can be produced (the same
 * producer settings as the client) and how fast the topology then processes those same N calls,
 * from RUNNING until its committed offsets reach the end of the calls topic.
 */
public final class ThroughputBenchmark {

    /** The figures of one run. */
    public record Result(long events, int partitions, Duration stackStartup, Duration produce, Duration streamsStartup,
                         Duration process, int largestAggregateBytes, long residentBytes) {

        public double produceRate() {
            return events / seconds(produce);
        }

        public double processRate() {
            return events / seconds(process);
        }

        private static double seconds(Duration duration) {
            return duration.toNanos() / 1e9;
        }
    }

    private final long events;
    private final int partitions;

    public ThroughputBenchmark(long events, int partitions) {
        this.events = events;
        this.partitions = partitions;
    }

    public Result run(java.nio.file.Path stateDir) throws Exception {
        try (LocalStack stack = LocalStack.start(); Admin admin = stack.admin()) {
            ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                    "kafka.bootstrap.servers", stack.bootstrapServers(),
                    "kafka.application.id", "modelperf-bench",
                    "registry.url", stack.registryUrl(),
                    "state.dir", stateDir.toString(),
                    "topic.partitions", String.valueOf(partitions)));
            new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(settings.streams().topics().all(), partitions, (short) 1);
            Duration produce = produce(stack, settings.streams().topics().calls());
            try (ModelPerfStreams streams = new ModelPerfStreams(settings.streams(),
                    new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())))) {
                long started = System.nanoTime();
                streams.start();
                if (!streams.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("Streams app not RUNNING after 60 s");
                }
                long running = System.nanoTime();
                awaitCommitted(admin, settings.streams().applicationId(), settings.streams().topics().calls(), Duration.ofMinutes(5));
                long caughtUp = System.nanoTime();
                return new Result(events, partitions, stack.startupTime(), produce, Duration.ofNanos(running - started),
                        Duration.ofNanos(caughtUp - running), largestAggregate(streams), residentBytes());
            }
        }
    }

    /** Serialized size of the biggest 1-minute aggregate, the per-call path's unit of work. */
    private static int largestAggregate(ModelPerfStreams streams) {
        int largest = 0;
        ReadOnlyWindowStore<String, CallStats> minutes = streams.kafkaStreams().store(StoreQueryParameters.fromNameAndType(
                Resolution.MINUTE.storeName(), QueryableStoreTypes.windowStore()));
        try (KeyValueIterator<Windowed<String>, CallStats> all = minutes.all()) {
            while (all.hasNext()) {
                largest = Math.max(largest, CallStatsSerde.encode(all.next().value).length);
            }
        }
        return largest;
    }

    /** Resident set size of this process (broker, producer and streams app together), or -1 off Linux. */
    private static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private Duration produce(LocalStack stack, String topic) throws InterruptedException {
        SyntheticTraffic traffic = new SyntheticTraffic(7);
        // Live traffic: event times over the last minute, so that no call takes the late path (a
        // minute already folded into hours and days) that only stragglers take in production.
        Instant start = Instant.now().minus(Duration.ofMinutes(1));
        long spreadMs = Duration.ofMinutes(1).toMillis();
        ModelCall[] calls = new ModelCall[(int) events];
        for (int i = 0; i < events; i++) {
            calls[i] = traffic.next(start.plusMillis(spreadMs * i / events));
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicLong failures = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, ModelCall> producer = new KafkaProducer<>(config, new StringSerializer(),
                new RegistryAvroSerializer<>(new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl()))))) {
            for (ModelCall call : calls) {
                String key = new CallKey(call.getTenant(), call.getModel()).encode();
                producer.send(new ProducerRecord<>(topic, null, call.getTimestamp().toEpochMilli(), key, call), (metadata, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        long finished = System.nanoTime();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + events + " sends failed", firstFailure.get());
        }
        return Duration.ofNanos(finished - started);
    }

    private static void awaitCommitted(Admin admin, String groupId, String topic, Duration timeout) throws Exception {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .collect(java.util.stream.Collectors.toMap(p -> new TopicPartition(topic, p.partition()),
                                p -> OffsetSpec.latest()))).all().get();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> current = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            committed = current;
            boolean caughtUp = ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata offset = current.get(end.getKey());
                // An empty partition has nothing to commit; the calls topic is written without transactions.
                return end.getValue().offset() == 0 || (offset != null && offset.offset() >= end.getValue().offset());
            });
            if (caughtUp) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("Streams app did not catch up within " + timeout + ": committed " + committed
                + ", end offsets " + ends);
    }
}
