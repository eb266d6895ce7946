package dev.modelperf.toolbox.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.OverflowPolicy;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's debates through the real pipeline: the ratings the server fits from them find
 * the generator's true ratings, on the same scale and centre. Without ties, so that the truth is
 * Bradley–Terry exactly (ties pull every rating towards the centre).
 */
class DebateRatingsIT {

    private static final String TENANT = "truth";
    private static final int DEBATES = 1_500;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String api;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        process = TestServers.start(stack, TestServers.settings(stack, "debate-ratings-it-" + UUID.randomUUID(), dir.resolve("state")));
        api = TestServers.api(process);
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
    void theServersRatingsFindTheTrueRatingsWithinThreeStandardErrors() throws Exception {
        TrueRatings truth = TrueRatings.of(21, TrueRatings.seededPanel(21, 6), List.of("code", "math"));
        ComparisonLoadGenerator.Summary summary;
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(TENANT).overflowPolicy(OverflowPolicy.BLOCK).build()) {
            summary = new ComparisonLoadGenerator(client, new DebateTraffic(21, TENANT, truth, 0, 0.3), Clock.systemUTC())
                    .run(new LoadGenerator.Plan(DEBATES, 0, Duration.ZERO), (sent, planned, rate, elapsed) -> { }, () -> false);
        }
        assertThat(summary.failed()).isZero();
        assertThat(summary.comparisonsDelivered()).isEqualTo(DEBATES);

        int inside = 0;
        for (String category : truth.categories()) {
            long debates = summary.tally().category(category).debates();
            await().atMost(DEADLINE).until(() -> ratings(category).path("comparisons").asLong() == debates);
            JsonNode answer = ratings(category);
            assertThat(answer.path("ratings")).hasSize(truth.panel().size());
            for (JsonNode rated : answer.path("ratings")) {
                String model = rated.path("model").asText();
                double expected = truth.rating(category, model);
                double rating = rated.path("rating").asDouble();
                double standardError = rated.path("standardError").asDouble();
                System.out.printf("%-5s %-28s true %7.1f  rated %7.1f  [%7.1f, %7.1f]  se %5.1f%n", category, model, expected, rating,
                        rated.path("low").asDouble(), rated.path("high").asDouble(), standardError);
                assertThat(standardError).isPositive();
                assertThat(rating).as("%s in %s: true %.1f", model, category, expected)
                        .isBetween(expected - 3 * standardError, expected + 3 * standardError);
                inside += expected >= rated.path("low").asDouble() && expected <= rated.path("high").asDouble() ? 1 : 0;
            }
        }
        System.out.printf("True ratings inside their 95 %% intervals: %d of %d%n", inside, 2 * truth.panel().size());
    }

    private static JsonNode ratings(String category) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/ratings?window=1d&tenant=" + TENANT
                + "&category=" + category)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }
}
