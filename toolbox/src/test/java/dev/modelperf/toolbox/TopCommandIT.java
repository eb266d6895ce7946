package dev.modelperf.toolbox;

import static dev.modelperf.query.dashboard.DashboardData.FLAKY;
import static dev.modelperf.query.dashboard.DashboardData.SAGE;
import static dev.modelperf.query.dashboard.DashboardData.TENANT;
import static dev.modelperf.query.dashboard.DashboardData.THRIFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.query.dashboard.DashboardData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code modelperf top} against a real server (local broker, access control on) holding the
 * dashboard's known calls: the exact frame, the key it needs, frames that follow one another.
 */
class TopCommandIT {

    private static final String KEY = "top-read-" + UUID.randomUUID();
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String url;
    private static Instant currentMinute;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        Path keys = Files.writeString(dir.resolve("keys.csv"), KEY + "," + TENANT + ",read\n");
        process = TestServers.start(stack, TestServers.settings(stack, "top-it-" + UUID.randomUUID(), dir.resolve("state"),
                "auth.keys.file", keys.toString(), "auth.internal.key", "top-it-instance-key-0123", "rankings.refresh.interval", "200ms"));
        url = TestServers.api(process);
        ApiClient api = new ApiClient(url, KEY);
        currentMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
            DashboardData.record(client, DashboardData.healthyCalls(currentMinute));
            // The blacklist's safety valve must see the flaky model's peers before it may blacklist it.
            await().atMost(DEADLINE).until(() -> api.json("/api/v1/health").path("models").size() == 3);
            DashboardData.record(client, DashboardData.failures(currentMinute));
        }
        await().atMost(DEADLINE).until(() -> samples(api.json("/api/v1/rankings", "category", "code/backend", "window", "1h"))
                .equals(Map.of(SAGE, 40L, THRIFT, 40L, FLAKY, 15L))
                && api.json("/api/v1/alerts", "state", "firing").path("count").asInt() == 1);
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oncePrintsTheFrameOfTheKnownCalls() {
        Instant until = DashboardData.failuresAt(currentMinute).plus(Duration.ofHours(1));
        Instant now = until.minus(Duration.ofMinutes(50));
        Run run = top(Clock.fixed(now, ZoneOffset.UTC), "--once", "--url", url, "--api-key", KEY, "-w", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.join("\n",
                "ModelPerf top \u00b7 tenant dash \u00b7 last 1h \u00b7 " + url + " \u00b7 " + CLOCK.format(now),
                "",
                "CALLS      SUCCESS   P95 LATENCY   COST        SATISFACTION",
                "107        97.2%     907 ms        $1.7384     -",
                "calls per minute  \u2587\u2587\u2587\u2588  (4 minutes with calls)",
                "",
                "CATEGORY                     BEST MODEL                  SCORE  CALLS  SUCCESS       P95  HEALTH",
                "*                            acme/sage                    68.7     40   100.0%    907 ms  HEALTHY",
                "  code                       acme/sage                    68.7     40   100.0%    907 ms  HEALTHY",
                "    code/backend             acme/sage                    68.7     40   100.0%    907 ms  HEALTHY",
                "  writing                    acme/thrift                  70.6     12   100.0%    399 ms  HEALTHY",
                "    writing/blog             acme/thrift                  70.6     12   100.0%    399 ms  HEALTHY",
                "",
                "HEALTH: 1 of 3 models not healthy",
                "  nova/flaky:7b                BLACKLISTED  until " + CLOCK.format(until) + ", 50 min 00 s left; 3 failures in a row; "
                        + "SERVER_ERROR",
                "",
                "ALERTS FIRING: 1",
                "  WARNING   model-blacklisted      nova/flaky:7b (tenant dash) is BLACKLISTED until " + until + " after 3 consecutive\u2026",
                ""));
    }

    @Test
    void withoutTheKeyItSaysSoAndExits1() {
        Run run = top(Clock.systemUTC(), "--once", "--url", url, "--api-key", "");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(url + " wants an API key: give --api-key or set MODELPERF_API_KEY (GET /api/v1/trends?");
    }

    @Test
    void liveFramesFollowOneAnotherUntilTheCountIsReached() {
        Run run = top(Clock.systemUTC(), "--url", url, "--api-key", KEY, "--window", "24h", "--interval", "500ms", "-n", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] frames = run.out().split("\n\n(?=ModelPerf top)");
        assertThat(frames).hasSize(2).allSatisfy(frame -> assertThat(frame)
                .contains("\u00b7 last 24h \u00b7").contains("calls per hour").contains("HEALTH: 1 of 3 models not healthy"));
    }

    @Test
    void badOptionsNameTheOptionAndTheRule() {
        assertThat(top(Clock.systemUTC(), "--once", "--url", url, "-w", "2d").err())
                .contains("--window must be one of 1h, 24h, 7d, 30d (was 2d)");
        assertThat(top(Clock.systemUTC(), "--once", "--url", url, "--interval", "10ms").err())
                .contains("--interval must be a duration of at least 500ms, such as 5s (was 10ms)");
        assertThat(top(Clock.systemUTC(), "--once", "--url", "localhost:8080").err())
                .contains("--url must be an http:// or https:// URL with a host (was localhost:8080)");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run top(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TopCommand(clock)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Map<String, Long> samples(JsonNode rankings) {
        Map<String, Long> samples = new java.util.HashMap<>();
        rankings.path("models").forEach(m -> samples.put(m.path("model").asText(), m.path("samples").asLong()));
        return samples;
    }
}
