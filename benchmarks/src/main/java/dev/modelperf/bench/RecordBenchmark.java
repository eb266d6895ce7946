package dev.modelperf.bench;

import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.toolbox.load.SyntheticTraffic;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The time {@code ModelPerfClient.record()} takes on the caller's thread (validation, key,
 * buffer offer), sampled call by call, with a real broker on the same machine taking the events:
 * <ul>
 * <li>{@code PACED}: the caller does some 30 µs of its own work between calls, so Kafka keeps up
 *     and the buffer has room (a service's request path);</li>
 * <li>{@code SATURATED}: calls back to back, far faster than the broker takes them, so the buffer
 *     stays full and every call also drops the oldest event (fails its future, counts it).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dlog4j2.configurationFile=classpath:bench-log4j2.xml"})
@Threads(1)
public class RecordBenchmark {

    private static final String TOPIC = "bench.calls";
    private static final int DISTINCT_CALLS = 4096;

    @Param({"PACED", "SATURATED"})
    public String load;

    private LocalStack stack;
    private ModelPerfClient client;
    private SimpleMeterRegistry meters;
    private ModelCall[] calls;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        stack = LocalStack.start();
        try (Admin admin = stack.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().stream()
                    .map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No leaders for " + TOPIC + " after 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        meters = new SimpleMeterRegistry();
        client = ModelPerfClient.builder()
                .bootstrapServers(stack.bootstrapServers())
                .schemaRegistry(stack.registry())
                .callsTopic(TOPIC)
                .meterRegistry(meters)
                .clientId("bench")
                .closeTimeout(Duration.ZERO)
                .build();
        SyntheticTraffic traffic = new SyntheticTraffic(1);
        calls = new ModelCall[DISTINCT_CALLS];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = traffic.next(Instant.now());
        }
        // The first send registers the schema and fetches metadata: not what the caller pays later.
        client.record(calls[0]).get(30, TimeUnit.SECONDS);
    }

    /** The caller's own work between two calls; outside the measured time. */
    @Setup(Level.Invocation)
    public void requestWork() {
        if ("PACED".equals(load)) {
            Blackhole.consumeCPU(8_000);
        }
    }

    @Benchmark
    public CompletableFuture<RecordMetadata> record() {
        return client.record(calls[next++ & (DISTINCT_CALLS - 1)]);
    }

    @TearDown(Level.Trial)
    public void stop() {
        double sent = meters.get("modelperf.client.sent").tag("event", "call").counter().count();
        double dropped = meters.get("modelperf.client.dropped").tags("event", "call", "reason", "buffer_full").counter().count();
        System.out.printf(Locale.ROOT, "%n%s: %,.0f calls acknowledged, %,.0f dropped from a full buffer%n", load, sent, dropped);
        client.close();
        stack.close();
    }
}
