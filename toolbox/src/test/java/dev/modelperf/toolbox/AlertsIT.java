package dev.modelperf.toolbox;

import static dev.modelperf.query.AlertsTestApp.call;
import static dev.modelperf.query.AlertsTestApp.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.AlertsTestApp;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.alert.RuleAlerts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The built-in rules on the real local broker: minutes of failing calls, then healthy ones, make
 * exactly one FIRING and one RESOLVED of {@code success-rate-low} on the alerts topic, which
 * {@code GET /api/v1/alerts} and {@code modelperf alerts} both show.
 *
 * <p>The calls are in the past. The app reads them all under a fold delay that folds none of their
 * minutes, then restarts with a short one, so its first fold judges them all at once, each minute
 * with all of its calls (see {@link AlertsTestApp}).
 */
class AlertsIT {

    private static final String TENANT = "alerts-it";
    private static final String MODEL = "acme/broken:7b";

    @TempDir
    Path stateDirs;

    private final ObjectMapper mapper = new ObjectMapper();
    private LocalStack stack;
    private AlertsTestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void failingMinutesFireOnceAndHealthyMinutesResolveOnce() throws Exception {
        stack = LocalStack.start();
        app = new AlertsTestApp(stack, stateDirs, "alerts-it");
        long now = Resolution.MINUTE.windowStart(System.currentTimeMillis());
        Instant firstBad = minute(now, 20);

        app.start("state", AlertsTestApp.LOADING);
        List<ModelCall> calls = new ArrayList<>();
        for (int ago = 20; ago >= 2; ago--) {
            // Minutes -20..-14: 20 % success (client errors, which the blacklist ignores); then all good.
            int ok = ago >= 14 ? 5 : 25;
            for (int n = 0; n < 25; n++) {
                calls.add(call(MODEL, minute(now, ago).plusSeconds(n * 2L), "support/customer",
                        n < ok ? CallStatus.OK : CallStatus.CLIENT_ERROR));
            }
        }
        app.record(TENANT, calls);
        app.awaitCallsProcessed();

        app.restart("state", "1m");
        String path = "/api/v1/alerts?tenant=" + TENANT;
        JsonNode report = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> app.get(path), r -> r.get("count").asInt() == 1 && r.get("alerts").get(0).get("state").asText().equals("RESOLVED"));
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

        assertThat(app.get(path + "&state=firing").get("count").asInt()).isZero();
        assertThat(app.get(path + "&state=resolved&since=1h").get("alerts").get(0).get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(app.get(path + "&since=" + Instant.now().plusSeconds(60)).get("count").asInt()).isZero();
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
        HttpResponse<String> response = app.send(path);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(body));
    }
}
