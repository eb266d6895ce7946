package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.streams.topics.TopicProvisioner;
import dev.modelperf.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One ModelPerf application for the alert ITs, on the real local broker: started, and restarted,
 * under one application id with the {@code window.fold.delay} each step needs.
 *
 * <p>Minutes close on the wall clock, so an IT that judges past minutes loads their calls under a
 * fold delay longer than the test ({@link #LOADING}), so that no fold touches them, waits with
 * {@link #awaitCallsProcessed()} until the app holds every call, and only then restarts with a
 * short delay: the restarted fold judges all those minutes at once, with every call in them. A
 * fold that ran while calls were still unread would judge their minutes without them, and those
 * calls would never reach an alert rule.
 */
public final class AlertsTestApp implements AutoCloseable {

    static final int PARTITIONS = 3;
    /** A fold delay under which nothing the ITs send is folded. */
    public static final String LOADING = "60m";

    private final LocalStack stack;
    private final Path stateDirs;
    private final String applicationId;
    private final Topics topics;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private ModelPerfProcess process;
    private String api;

    /** Provisions the app's topics; {@code stateDirs} holds one state directory per name passed to {@link #start}. */
    public AlertsTestApp(LocalStack stack, Path stateDirs, String name) {
        this.stack = stack;
        this.stateDirs = stateDirs;
        this.applicationId = name + "-" + UUID.randomUUID();
        this.topics = settings("topics", LOADING).streams().topics();
        try (Admin admin = stack.admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(topics.all(), PARTITIONS, (short) 1);
        }
    }

    public Topics topics() {
        return topics;
    }

    /** Starts the app on state directory {@code stateDir} and waits until it is RUNNING. */
    public void start(String stateDir, String foldDelay) throws InterruptedException {
        assertThat(process).as("already started").isNull();
        process = ModelPerfProcess.start(settings(stateDir, foldDelay),
                new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
        assertThat(process.awaitRunning(Duration.ofSeconds(60))).as("streams app RUNNING").isTrue();
        api = "http://127.0.0.1:" + process.httpPort();
    }

    /** Stops the running instance and starts a new one in the same consumer group. */
    public void restart(String stateDir, String foldDelay) throws InterruptedException {
        close();
        start(stateDir, foldDelay);
    }

    private ModelPerfSettings settings(String stateDir, String foldDelay) {
        return ModelPerfSettings.withOverrides(Map.of(
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "kafka.application.id", applicationId,
                // The previous instance does not leave the group on close (Kafka Streams' default), so its
                // partitions move once its session times out: the broker's minimum keeps restarts quick.
                "kafka.session.timeout.ms", "6000",
                "registry.url", stack.registryUrl(),
                "state.dir", stateDirs.resolve(stateDir).toString(),
                "topic.partitions", String.valueOf(PARTITIONS),
                "window.fold.delay", foldDelay,
                "window.fold.interval", "1s",
                "http.host", "127.0.0.1",
                "http.port", "0"));
    }

    /** Sends {@code calls} for {@code tenant} and waits until the broker has them all. */
    public void record(String tenant, List<ModelCall> calls) {
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(tenant).build()) {
            CompletableFuture.allOf(calls.stream().map(client::record).toArray(CompletableFuture[]::new)).join();
        }
    }

    /**
     * Waits until the app has committed every call on the topic. The calls are aggregated in the
     * sub-topology that reads them, and commits are exactly-once, so by then every call is in the
     * changelogged stores.
     */
    public void awaitCallsProcessed() {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topics.calls(), p), p -> OffsetSpec.latest()));
        try (Admin admin = stack.admin()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
                return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    return (done == null ? 0 : done.offset()) == end.getValue().offset();
                });
            });
        }
    }

    /** {@code GET path} on the running instance's API, asserting 200. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    /** {@code GET path} on the running instance's API. */
    public HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A call to {@code model} at {@code at}; any status but OK is a client error, which the error blacklist ignores. */
    public static ModelCall call(String model, Instant at, String category, CallStatus status) {
        ModelCall.Builder call = ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTimestamp(at).setModel(model).setProvider("acme")
                .setCategory(category).setLatencyMs(300).setInputTokens(10).setOutputTokens(5).setStatus(status);
        if (status != CallStatus.OK) {
            call.setErrorType("400").setErrorMessage("bad request");
        }
        return call.build();
    }

    /** The start of the minute {@code ago} minutes before the minute starting at {@code now}. */
    public static Instant minute(long now, int ago) {
        return Instant.ofEpochMilli(now - Duration.ofMinutes(ago).toMillis());
    }

    /** Stops the running instance, if any; the topics stay for the next one. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }
}
