package dev.modelperf.bench;

import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.routing.Decision;
import dev.modelperf.client.routing.ModelRouter;
import dev.modelperf.client.routing.RouteOptions;
import dev.modelperf.events.DecisionFigures;
import dev.modelperf.local.LocalStack;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.schemas.keys.DecisionKey;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
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

/**
 * The time {@code ModelRouter.choose()} takes on the caller's thread, sampled call by call, with
 * the decision figures of 10 tenants × 100 categories (10 top levels × 10 subcategories, plus the
 * levels above) × 20 models read from a real broker into memory: {@code BEST} (the estimates' means)
 * and {@code SAMPLE} (one draw per candidate). Requests cycle over the 100 categories.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dlog4j2.configurationFile=classpath:bench-log4j2.xml"})
@Threads(1)
public class ChooseBenchmark {

    static final int TENANTS = 10;
    static final int TOP_LEVELS = 10;
    static final int SUBCATEGORIES = 10;
    static final int MODELS = 20;

    @Param({"BEST", "SAMPLE"})
    public String mode;

    private LocalStack stack;
    private ModelPerfClient client;
    private ModelRouter router;
    private RouteOptions options;
    private String[] categories;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        stack = LocalStack.start();
        Topics topics = Topics.DEFAULT;
        try (Admin admin = stack.admin()) {
            Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            admin.createTopics(List.of(new NewTopic(topics.decisions(), 3, (short) 1).configs(compacted),
                    new NewTopic(topics.health(), 3, (short) 1).configs(compacted))).all().get();
        }
        List<String> leaves = new ArrayList<>();
        int records = publish(topics, leaves);
        categories = leaves.toArray(String[]::new);
        client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers()).schemaRegistry(stack.registry())
                .tenant("tenant-3").closeTimeout(Duration.ZERO).build();
        router = ModelRouter.builder().client(client).bootstrapServers(stack.bootstrapServers())
                .schemaRegistry(stack.registry()).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (router.choose(categories[0], RouteOptions.defaults()).source() != Decision.Source.DATA) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The router did not load the decision figures in 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        options = RouteOptions.defaults().mode(DecisionMode.valueOf(mode));
        System.out.printf("%n%,d decision records in memory; %d candidates per category%n", records,
                router.choose(categories[0], options).candidates().size());
    }

    private int publish(Topics topics, List<String> leaves) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20);
        SplittableRandom random = new SplittableRandom(7);
        int records = 0;
        Instant now = Instant.now();
        try (KafkaProducer<String, DecisionFigures> producer = new KafkaProducer<>(config, new StringSerializer(),
                new RegistryAvroSerializer<>(stack.registry()))) {
            for (int t = 0; t < TENANTS; t++) {
                String tenant = "tenant-" + t;
                for (int m = 0; m < MODELS; m++) {
                    String model = "provider" + m % 4 + "/model-" + m;
                    // A parent level holds its children's calls, as the server's aggregates do.
                    long[] root = new long[2];
                    for (int top = 0; top < TOP_LEVELS; top++) {
                        long[] parent = new long[2];
                        for (int sub = 0; sub < SUBCATEGORIES; sub++) {
                            String leaf = "topic" + top + "/sub" + sub;
                            if (t == 0 && m == 0) {
                                leaves.add(leaf);
                            }
                            long calls = 5 + random.nextInt(500);
                            long successes = (long) (calls * (0.85 + 0.15 * random.nextDouble()));
                            send(producer, topics, tenant, leaf, model, calls, successes, random, now);
                            parent[0] += calls;
                            parent[1] += successes;
                            records++;
                        }
                        send(producer, topics, tenant, "topic" + top, model, parent[0], parent[1], random, now);
                        root[0] += parent[0];
                        root[1] += parent[1];
                        records++;
                    }
                    send(producer, topics, tenant, "*", model, root[0], root[1], random, now);
                    records++;
                }
            }
            producer.flush();
        }
        return records;
    }

    private static void send(KafkaProducer<String, DecisionFigures> producer, Topics topics, String tenant, String level,
                             String model, long calls, long successes, SplittableRandom random, Instant now) {
        double p50 = 100 + random.nextInt(3000);
        long scored = calls / 10;
        // One quality per model, so that each level's sums hold its children's.
        double quality = 0.5 + (model.hashCode() & 0xff) / 512.0;
        DecisionFigures figures = DecisionFigures.newBuilder().setTenant(tenant).setCategory(level).setModel(model)
                .setProvider(model.substring(0, model.indexOf('/'))).setCalls(calls).setSuccesses(successes).setLatencyP50Ms(p50)
                .setLatencyP95Ms(p50 * 2.5).setCostPerSuccessUsd(0.0001 + random.nextDouble() * 0.01).setCostedCalls(calls)
                .setQuality(quality).setQualityCount(scored).setLastCallMs(now.toEpochMilli()).setEvidenceCalls(calls * 0.8)
                .setEvidenceSuccesses(successes * 0.8).setEvidenceQualitySum(scored * quality * 0.8)
                .setEvidenceQualityCount(scored * 0.8).setAsOf(now).build();
        producer.send(new ProducerRecord<>(topics.decisions(), new DecisionKey(tenant, level, model).encode(), figures));
    }

    @Benchmark
    public Decision choose() {
        return router.choose(categories[next++ % categories.length], options);
    }

    @TearDown(Level.Trial)
    public void stop() {
        router.close();
        client.close();
        stack.close();
    }
}
