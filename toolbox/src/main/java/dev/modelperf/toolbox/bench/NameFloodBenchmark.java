package dev.modelperf.toolbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.OverflowPolicy;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ServerCommand;
import dev.modelperf.schemas.topics.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A tenant sending a random model name and category with every call: the server (its own JVM,
 * started as {@code ./modelperf run} would be, on an embedded broker and registry in this one)
 * takes {@code requests} batches of {@code perRequest} such calls, over HTTP ingest or straight to
 * Kafka; its resident memory (VmRSS) is read before and once every call is counted or dead-lettered,
 * with the size of one rankings answer for the tenant.
 */
public final class NameFloodBenchmark {

    public static final String TENANT = "flood";
    private static final Duration SETTLE_DEADLINE = Duration.ofMinutes(5);

    /** How the calls reach the server. */
    public enum Via { HTTP, KAFKA }

    private final int requests;
    private final int perRequest;
    private final Via via;
    private final long seed;
    private final Map<String, String> overrides;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    public NameFloodBenchmark(int requests, int perRequest, Via via, long seed, Map<String, String> overrides) {
        this.requests = requests;
        this.perRequest = perRequest;
        this.via = via;
        this.seed = seed;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * What one run measured. {@code answers} counts the HTTP statuses (empty via Kafka); {@code stored}
     * the calls that reached the calls topic; {@code counted} the rankings' samples and {@code deadLettered}
     * the DLQ records once both add up to {@code stored}.
     */
    public record Result(long pid, Map<String, String> settings, long rssBeforeKiB, long rssAfterKiB, Map<Integer, Integer> answers,
                         long stored, long counted, long deadLettered, int rankedModels, long rankingsBytes, Duration settleTime) {
    }

    public Result run(Path workDir) throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            int port = freePort();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
            settings.put("registry.url", stack.registryUrl());
            settings.put("kafka.application.id", "modelperf-bench-limits");
            settings.put("state.dir", workDir.resolve("state").toString());
            settings.put("http.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(port));
            settings.putAll(overrides);
            Path log = workDir.resolve("server.log");
            Process server = startServer(settings, log);
            try {
                String api = "http://127.0.0.1:" + port;
                awaitReady(server, api, log);
                long before = rssKiB(server.pid());
                Map<Integer, Integer> answers = new LinkedHashMap<>();
                long stored = via == Via.HTTP ? sendOverHttp(api, answers) : sendToKafka(stack);
                long start = System.nanoTime();
                long counted;
                long deadLettered;
                Instant deadline = Instant.now().plus(SETTLE_DEADLINE);
                do {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Not every stored call was counted or dead-lettered within " + SETTLE_DEADLINE);
                    }
                    TimeUnit.MILLISECONDS.sleep(500);
                    counted = samples(api);
                    deadLettered = deadLettered(stack);
                } while (counted + deadLettered < stored);
                Duration settle = Duration.ofNanos(System.nanoTime() - start);
                HttpResponse<String> rankings = rankings(api);
                long after = rssKiB(server.pid());
                int ranked = mapper.readTree(rankings.body()).get("models").size();
                return new Result(server.pid(), overrides, before, after, answers, stored, counted, deadLettered, ranked,
                        rankings.body().getBytes(StandardCharsets.UTF_8).length, settle);
            } finally {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private Process startServer(Map<String, String> settings, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        // The server runs with this JVM's options: those ./modelperf gives every command (ZGC unless MODELPERF_JAVA_OPTS).
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerCommand.class.getName()));
        settings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private void awaitReady(Process server, String api, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (status(api + "/readyz") != 200) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException("The server did not become ready; the end of its log " + log + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** One random model name and category per call, the same for a seed. */
    private List<ModelCall> batch(SplittableRandom random) {
        HexFormat hex = HexFormat.of();
        List<ModelCall> calls = new ArrayList<>(perRequest);
        for (int i = 0; i < perRequest; i++) {
            calls.add(ModelCall.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(Instant.now()).setTenant(TENANT)
                    .setModel("flood/" + hex.toHexDigits(random.nextLong())).setProvider("flood")
                    .setCategory("c" + hex.toHexDigits(random.nextLong())).setLatencyMs(100).setStatus(CallStatus.OK).build());
        }
        return calls;
    }

    private long sendOverHttp(String api, Map<Integer, Integer> answers) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long stored = 0;
        for (int r = 0; r < requests; r++) {
            List<Map<String, Object>> body = new ArrayList<>(perRequest);
            for (ModelCall call : batch(random)) {
                body.add(Map.of("tenant", TENANT, "eventId", call.getEventId(), "timestamp", call.getTimestamp().toEpochMilli(),
                        "model", call.getModel(), "provider", call.getProvider(), "category", call.getCategory(),
                        "latencyMs", call.getLatencyMs(), "status", call.getStatus().name()));
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/events/calls"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            answers.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 202) {
                stored += mapper.readTree(response.body()).get("accepted").asLong();
            } else if (response.statusCode() != 422) {
                throw new IllegalStateException("Ingest answered " + response.statusCode() + ": " + response.body());
            }
        }
        return stored;
    }

    private long sendToKafka(LocalStack stack) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<CompletableFuture<?>> sends = new ArrayList<>(requests * perRequest);
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(TENANT).overflowPolicy(OverflowPolicy.BLOCK)
                .maxBlock(Duration.ofMinutes(1)).build()) {
            for (int r = 0; r < requests; r++) {
                batch(random).forEach(call -> sends.add(client.record(call)));
            }
            client.flush();
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return sends.size();
    }

    private long samples(String api) throws Exception {
        HttpResponse<String> response = rankings(api);
        if (response.statusCode() != 200) {
            return 0;
        }
        long samples = 0;
        for (JsonNode model : mapper.readTree(response.body()).get("models")) {
            samples += model.get("samples").asLong();
        }
        return samples;
    }

    private HttpResponse<String> rankings(String api) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/rankings?tenant=" + TENANT + "&window=1h"))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long deadLettered(LocalStack stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String dlq = Topics.DEFAULT.dlq();
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream().map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                records += consumer.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Resident set size of a process, from Linux's {@code /proc/<pid>/status}. */
    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("No VmRSS in /proc/" + pid + "/status");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
