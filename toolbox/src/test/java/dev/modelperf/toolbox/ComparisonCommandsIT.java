package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code modelperf ratings} and {@code modelperf ensemble} against a real server on the real local
 * broker: comparisons posted over HTTP come back as tables naming the winner first, with the
 * figures the API gives; a parameter the server refuses is one line naming it, and exit code 1.
 */
class ComparisonCommandsIT {

    private static final String TENANT = "cli-it";
    private static final int COMPARISONS = 30;

    @TempDir
    static Path stateDir;

    private static LocalStack stack;
    private static ModelPerfProcess server;
    private static String api;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code strong} beats {@code weak} in every comparison, at four times the cost. */
    @BeforeAll
    static void postComparisons() throws Exception {
        stack = LocalStack.start();
        server = TestServers.start(stack, TestServers.settings(stack, "comparison-commands-it", stateDir));
        api = TestServers.api(server);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < COMPARISONS; i++) {
            body.append(i == 0 ? "" : ",").append("""
                    {"eventId":"cli-%d","timestamp":%d,"tenant":"%s","category":"code/backend",
                     "entries":[{"model":"strong","score":0.9,"costUsd":0.004,"latencyMs":900},
                                {"model":"weak","score":0.3,"costUsd":0.001,"latencyMs":300}],
                     "winner":"strong","judge":"cli-it"}""".formatted(i, Instant.now().minusSeconds(60 + i).toEpochMilli(), TENANT));
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/events/comparisons"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                get(http, "/api/v1/ratings?tenant=" + TENANT + "&category=code").path("comparisons").asLong() == COMPARISONS
                        && get(http, "/api/v1/ensemble?tenant=" + TENANT + "&category=code").path("comparisons").asLong() == COMPARISONS);
    }

    private static JsonNode get(HttpClient http, String pathAndQuery) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void ratingsPrintsTheWinnerFirstWithItsIntervalAndRecord() throws Exception {
        Run run = run("ratings", "--url", api, "--tenant", TENANT, "--category", "code", "--window", "7d");

        assertThat(run.exit()).as(run.err()).isZero();
        // The table docs/toolbox.md shows.
        System.out.print(run.out());
        JsonNode ratings = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api
                + "/api/v1/ratings?tenant=" + TENANT + "&category=code&window=7d")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode first = ratings.get("ratings").get(0);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Ratings for tenant cli-it, category code, last 7d (" + ratings.get("from").asText()
                + " to " + ratings.get("until").asText() + "): 30 comparisons, 30 pairs");
        assertThat(lines.get(1)).containsSubsequence("RANK", "MODEL", "RATING", "95 % INTERVAL", "WINS", "LOSSES", "COMPARISONS");
        assertThat(first.get("model").asText()).isEqualTo("strong");
        assertThat(lines.get(2)).isEqualTo(String.format(java.util.Locale.ROOT, "     1  %-32s %7.1f  %-17s %7.1f %7.1f %11d", "strong",
                first.get("rating").asDouble(), String.format(java.util.Locale.ROOT, "%.1f – %.1f", first.get("low").asDouble(),
                        first.get("high").asDouble()), 30.0, 0.0, 30));
        assertThat(lines.get(3)).startsWith("     2  weak ").contains("    0.0    30.0          30");
        assertThat(lines.get(4)).startsWith("  Scale: centred on 1000; 400 points ahead is 10-to-1 odds of winning.");
    }

    @Test
    void ensemblePrintsTheAdviceAndThePanelFigures() {
        Run run = run("ensemble", "--url", api, "--tenant", TENANT, "--category", "code", "--window", "7d", "--target", "0.8");

        assertThat(run.exit()).as(run.err()).isZero();
        System.out.print(run.out());
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("Ensemble advice for tenant cli-it, category code, last 7d (")
                .endsWith("): 30 comparisons, 30 decided, 0 ties");
        assertThat(lines.get(1)).isEqualTo("  Ask 1 of 2: strong");
        assertThat(lines.get(2)).startsWith("  ask the best 1 of 2: they picked the full panel's winner in 30 of 30 comparisons");
        assertThat(lines.get(3)).isEqualTo("  Cost per task: $0.00400, full panel $0.00500 (target 80.0 % at 95 % confidence)");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("   1  strong").contains("30 of 30", "100.0%", "$0.00400", "900"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  strong ").contains("30", "30.0", "100.0%", "0.900", "$0.00400"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  weak ").contains("0.0", "0.0%", "0.300", "$0.00100", "300"));
    }

    @Test
    void aParameterTheServerRefusesIsOneLineNamingItAndExitCode1() {
        Run ratings = run("ratings", "--url", api, "--window", "2w");
        Run ensemble = run("ensemble", "--url", api, "--target", "1");

        assertThat(ratings.exit()).isEqualTo(1);
        assertThat(ratings.out()).isEmpty();
        assertThat(ratings.err()).isEqualTo(api + " refused the request (HTTP 400): window must be one of 1d, 7d, 30d, 90d"
                + " (whole UTC days up to today)" + System.lineSeparator());
        assertThat(ensemble.exit()).isEqualTo(1);
        assertThat(ensemble.err()).isEqualTo(api + " refused the request (HTTP 400): target must be a number between 0 and 1,"
                + " both excluded" + System.lineSeparator());
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ModelPerfCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
