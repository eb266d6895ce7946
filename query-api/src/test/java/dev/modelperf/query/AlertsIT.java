package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.cli.ModelPerfCommand;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.streams.aggregate.Resolution;
import dev.modelperf.streams.alert.RuleAlerts;
import dev.modelperf.streams.config.ModelPerfSettings;
import dev.modelperf.streams.topics.TopicProvisioner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The built-in rules on the real local broker: minutes of failing calls, then healthy ones, make
 * exactly one FIRING and one RESOLVED of {@code success-rate-low} on the alerts topic, which
 * {@code GET /api/v1/alerts} and {@code modelperf alerts} both show. The calls are in the past and
 * on the topic before the app starts, so its first fold judges them all at once.
 */
class AlertsIT {

    private static final String TENANT = "alerts-it";
    private static final String MODEL = "acme/broken:7b";

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private LocalStack stack;
    private ModelPerfProcess process;
    private String api;

    @AfterEach
    void stop() {
        if (process != null) {
            process.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void failingMinutesFireOnceAndHealthyMinutesResolveOnce() throws Exception {
        stack = LocalStack.start();
        ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "kafka.application.id", "alerts-it-" + UUID.randomUUID(),
                "registry.url", stack.registryUrl(),
                "state.dir", stateDir.toString(),
                "topic.partitions", "3",
                "window.fold.delay", "1m",
                "window.fold.interval", "1s",
                "http.host", "127.0.0.1",
                "http.port", "0"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(settings.topics().all(), 3, (short) 1);
        }
        long now = Resolution.MINUTE.windowStart(System.currentTimeMillis());
        Instant firstBad = Instant.ofEpochMilli(now - Duration.ofMinutes(20).toMillis());
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int minute = 20; minute >= 2; minute--) {
                // Minutes -20..-14: 20 % success (client errors, which the blacklist ignores); then all good.
                int ok = minute >= 14 ? 5 : 25;
                for (int n = 0; n < 25; n++) {
                    Instant at = Instant.ofEpochMilli(now - Duration.ofMinutes(minute).toMillis() + n * 2_000L);
                    sent.add(client.record(call(at, n < ok ? CallStatus.OK : CallStatus.CLIENT_ERROR)));
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        }

        process = ModelPerfProcess.start(settings, new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
        assertThat(process.awaitRunning(Duration.ofSeconds(60))).as("streams app RUNNING").isTrue();
        api = "http://127.0.0.1:" + process.httpPort();

        String path = "/api/v1/alerts?tenant=" + TENANT;
        JsonNode report = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(path), r -> r.get("count").asInt() == 1 && r.get("alerts").get(0).get("state").asText().equals("RESOLVED"));
        JsonNode alert = report.get("alerts").get(0);
        String fingerprint = RuleAlerts.fingerprint("success-rate-low", TENANT, "*", MODEL);
        assertThat(alert.get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(alert.get("rule").asText()).isEqualTo("success-rate-low");
        assertThat(alert.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.get("category").asText()).isEqualTo("*");
        assertThat(alert.get("model").asText()).isEqualTo(MODEL);
        assertThat(alert.get("observedValue").asDouble()).isEqualTo(1.0);
        assertThat(alert.get("threshold").asDouble()).isEqualTo(0.9);
        assertThat(alert.get("windowSeconds").asLong()).isEqualTo(300);
        assertThat(Instant.parse(alert.get("startedAt").asText())).isEqualTo(firstBad);
        assertThat(alert.get("summary").asText()).startsWith(MODEL + " (tenant alerts-it, all categories) resolved: no breach of"
                + " success-rate-low for 5 min; success-rate 100.0 % over the last 5 min (125 calls), within its limit");

        assertThat(get(path + "&state=firing").get("count").asInt()).isZero();
        assertThat(get(path + "&state=resolved&since=1h").get("alerts").get(0).get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(get(path + "&since=" + Instant.now().plusSeconds(60)).get("count").asInt()).isZero();
        assertBadRequest("/api/v1/alerts?state=pending", "{\"status\":400,\"error\":\"bad_request\",\"parameter\":\"state\","
                + "\"message\":\"state must be one of firing, resolved\"}");
        assertBadRequest("/api/v1/alerts?since=yesterday", "{\"status\":400,\"error\":\"bad_request\",\"parameter\":\"since\","
                + "\"message\":\"since must be an ISO-8601 instant (2026-11-23T10:00:00Z) or a duration back from now (30m, 24h, 7d)\"}");

        List<String> lines = alertsCommand("--tenant", TENANT);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("  FIRING    CRITICAL  success-rate-low      " + MODEL
                // Two failing minutes in (the first had no minutes before it) are enough for 'for: 2m'.
                + " (tenant alerts-it, all categories): success-rate 20.0 % over the last 5 min (50 calls) is below 90.0 %,"
                + " for 2 min in a row  [" + fingerprint.substring(0, 8) + "]");
        assertThat(lines.get(1)).contains("  RESOLVED  CRITICAL  success-rate-low      " + MODEL + " (tenant alerts-it, all categories) resolved:");

        List<String> json = alertsCommand("--tenant", TENANT, "--json");
        assertThat(json).extracting(line -> mapper.readTree(line).get("state").asText()).containsExactly("FIRING", "RESOLVED");
        assertThat(mapper.readTree(json.get(0)).get("fingerprint").asText()).isEqualTo(fingerprint);
    }

    private ModelCall call(Instant at, CallStatus status) {
        ModelCall.Builder call = ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTimestamp(at).setModel(MODEL).setProvider("acme")
                .setCategory("support/customer").setLatencyMs(300).setInputTokens(10).setOutputTokens(5).setStatus(status);
        if (status != CallStatus.OK) {
            call.setErrorType("400").setErrorMessage("bad request");
        }
        return call.build();
    }

    /** Runs {@code modelperf alerts} from the beginning of the topic until it has printed two alerts. */
    private List<String> alertsCommand(String... filters) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("alerts", "--bootstrap-servers", stack.bootstrapServers(),
                "--registry", stack.registryUrl(), "--from-beginning", "--max-alerts", "2", "--timeout", "60s"));
        args.addAll(List.of(filters));
        int exit = new CommandLine(new ModelPerfCommand()).setOut(new PrintWriter(out)).execute(args.toArray(String[]::new));
        assertThat(exit).isZero();
        return out.toString().lines().toList();
    }

    private void assertBadRequest(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(body));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
