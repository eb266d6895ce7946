package dev.modelperf.query.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comparisons simulated from known strengths, produced with the client to the real process on the
 * real local broker, come back from {@code GET /api/v1/ratings} ranked as the truth, each true
 * strength within its model's 95 % interval, at the level itself and rolled up.
 */
class RatingsIT {

    private static final String TENANT = "ratings-it";
    /** True strengths in logits of m0..m4, strongest first. */
    private static final double[] TRUTH = {1.2, 0.6, 0.0, -0.6, -1.2};
    private static final int COMPARISONS = 800;
    private static final double PER_LOGIT = 400 / Math.log(10);

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private String api;

    @Test
    void simulatedComparisonsComeBackRankedAsTheTruthWithIntervals() throws Exception {
        try (LocalStack stack = LocalStack.start();
             ModelPerfProcess process = TestServers.start(stack, TestServers.settings(stack, "ratings-it-" + UUID.randomUUID(), stateDir));
             ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                     .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
            api = TestServers.api(process);
            List<CompletableFuture<?>> sent = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(19);
            for (int i = 0; i < COMPARISONS; i++) {
                sent.add(client.recordComparison(simulated(random)));
            }
            sent.add(client.recordComparison(comparison("writing/poetry", null, true, "m0", "m4")));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            // Each level is refitted on its own turn of the refresh timer: wait until every level read below has caught up.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(ratings("category=code&window=7d&tenant=" + TENANT).get("comparisons").asLong()).isEqualTo(COMPARISONS);
                assertThat(ratings("category=code/backend&window=30d&tenant=" + TENANT).get("comparisons").asLong()).isEqualTo(COMPARISONS);
                assertThat(ratings("category=code/backend&window=90d&tenant=" + TENANT).get("comparisons").asLong()).isEqualTo(COMPARISONS);
                assertThat(ratings("window=1d&tenant=" + TENANT).get("comparisons").asLong()).isEqualTo(COMPARISONS + 1);
            });

            JsonNode code = ratings("category=code&window=7d&tenant=" + TENANT);
            assertThat(code.get("tenant").asText()).isEqualTo(TENANT);
            assertThat(code.get("category").asText()).isEqualTo("code");
            assertThat(code.get("window").asText()).isEqualTo("7d");
            assertThat(code.get("pairs").asLong()).as("one pairwise result per two-model comparison").isEqualTo(COMPARISONS);
            assertThat(code.get("scale").get("center").asDouble()).isEqualTo(1000);
            assertThat(code.get("scale").get("perLogit").asDouble()).isEqualTo(173.72);
            assertThat(Instant.parse(code.get("asOf").asText())).isAfter(Instant.now().minusSeconds(120));
            JsonNode ratings = code.get("ratings");
            assertThat(ratings.size()).isEqualTo(TRUTH.length);
            for (int rank = 1; rank <= TRUTH.length; rank++) {
                JsonNode rating = ratings.get(rank - 1);
                double truth = 1000 + PER_LOGIT * TRUTH[rank - 1];
                assertThat(rating.get("rank").asInt()).isEqualTo(rank);
                assertThat(rating.get("model").asText()).isEqualTo("m" + (rank - 1));
                assertThat(rating.get("low").asDouble()).as("m%d's interval holds its true rating %.1f: %s", rank - 1, truth, rating)
                        .isLessThan(truth);
                assertThat(rating.get("high").asDouble()).as("m%d's interval holds its true rating %.1f: %s", rank - 1, truth, rating)
                        .isGreaterThan(truth);
                assertThat(rating.get("wins").asDouble() + rating.get("losses").asDouble()).isPositive();
                assertThat(rating.get("comparisons").asLong()).isPositive();
            }

            JsonNode backend = ratings("category=code/backend&window=30d&tenant=" + TENANT);
            assertThat(backend.get("ratings")).isEqualTo(ratings("category=code/backend&window=90d&tenant=" + TENANT).get("ratings"));
            assertThat(backend.get("comparisons").asLong()).isEqualTo(COMPARISONS);
            JsonNode all = ratings("window=1d&tenant=" + TENANT);
            assertThat(all.get("category").asText()).isEqualTo("*");
            assertThat(all.get("comparisons").asLong()).isEqualTo(COMPARISONS + 1);

            JsonNode none = ratings("category=writing/prose&tenant=" + TENANT);
            assertThat(none.get("comparisons").asLong()).isZero();
            assertThat(none.get("ratings").size()).isZero();
            assertThat(none.get("window").asText()).isEqualTo("7d");

            HttpResponse<String> badWindow = get(api + "/api/v1/ratings?window=2d");
            assertThat(badWindow.statusCode()).isEqualTo(400);
            assertThat(mapper.readTree(badWindow.body()).get("parameter").asText()).isEqualTo("window");
            assertThat(badWindow.body()).contains("1d, 7d, 30d, 90d");
            HttpResponse<String> badCategory = get(api + "/api/v1/ratings?category=Code!");
            assertThat(badCategory.statusCode()).isEqualTo(400);
            assertThat(mapper.readTree(badCategory.body()).get("parameter").asText()).isEqualTo("category");
        }
    }

    private JsonNode ratings(String query) throws Exception {
        HttpResponse<String> response = get(api + "/api/v1/ratings?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    /** Two or three of the models, the winner drawn with Bradley–Terry odds against each; a quarter of the pairs by tie. */
    private static Comparison simulated(SplittableRandom random) {
        int first = random.nextInt(TRUTH.length);
        int second = (first + 1 + random.nextInt(TRUTH.length - 1)) % TRUTH.length;
        double p = 1 / (1 + Math.exp(-(TRUTH[first] - TRUTH[second])));
        double draw = random.nextDouble();
        double tie = 0.25 * 2 * Math.min(p, 1 - p);
        if (draw < tie) {
            return comparison("code/backend", null, true, "m" + first, "m" + second);
        }
        String winner = draw < tie + p - tie / 2 ? "m" + first : "m" + second;
        return comparison("code/backend", winner, false, "m" + first, "m" + second);
    }

    private static Comparison comparison(String category, String winner, boolean tie, String... models) {
        List<ComparisonEntry> entries = new ArrayList<>();
        for (String model : models) {
            entries.add(ComparisonEntry.newBuilder().setModel(model).setLatencyMs(800L).setOutputTokens(300).build());
        }
        return Comparison.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(Instant.now().minusSeconds(2))
                .setTenant(TENANT).setCategory(category).setEntries(entries).setWinner(winner).setTie(tie).setJudge("simulated").build();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
