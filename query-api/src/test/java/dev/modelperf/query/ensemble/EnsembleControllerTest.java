package dev.modelperf.query.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.query.ApiError;
import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.cluster.InstanceClient;
import dev.modelperf.query.cluster.Instances;
import dev.modelperf.query.cluster.KeyedReads;
import dev.modelperf.query.cluster.Retries;
import dev.modelperf.query.ratings.RatingsView;
import dev.modelperf.routing.ensemble.EnsembleAdvisor;
import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.schemas.keys.ComparisonKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.comparison.LevelRatings;
import dev.modelperf.streams.comparison.RatingWindow;
import dev.modelperf.streams.ensemble.EnsembleReader;
import dev.modelperf.streams.ensemble.EnsembleSettings;
import dev.modelperf.streams.ensemble.EnsembleStores;
import dev.modelperf.streams.ensemble.EnsembleTopology;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/ensemble} over real HTTP, answered from the day buckets a topology test
 * driver filled with already-valid comparisons: the advice, its figures as JSON, and a 400 naming
 * the parameter for each bad one.
 */
class EnsembleControllerTest {

    private static final String SOURCE = "comparisons-valid";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Comparison> comparisons;
    private Javalin app;
    private int sent;

    @BeforeEach
    void start() {
        Serde<Comparison> serde = AvroSerdes.specific(Comparison.getClassSchema(), new InMemorySchemaRegistry());
        StreamsBuilder builder = new StreamsBuilder();
        EnsembleTopology.attach(builder.stream(SOURCE, Consumed.with(Serdes.String(), serde)), EnsembleSettings.defaults());
        driver = new TopologyTestDriver(builder.build(), StreamsProperties.of(StreamsSettings.defaults().withStateDir(stateDir)), NOW);
        comparisons = driver.createInputTopic(SOURCE, Serdes.String().serializer(), serde.serializer());
        app = server(EnsembleAdvisor.DEFAULT_TARGET);
    }

    /** The endpoint over the driver's store, advising at {@code defaultTarget} when a request names no target. */
    private Javalin server(double defaultTarget) {
        // Without application.server this is the only instance, so every key is read here.
        KeyedReads keyed = new KeyedReads(new Instances(null, Optional.empty()),
                new InstanceClient(Duration.ofSeconds(1), mapper, null), new Retries(Duration.ofSeconds(2)));
        EnsembleController controller = new EnsembleController(new EnsembleReader(
                () -> driver.getWindowStore(EnsembleStores.DAYS), EnsembleState.DEFAULT_LOW_VARIANCE), keyed, Clock.fixed(NOW, ZoneOffset.UTC),
                defaultTarget);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.routes.get("/api/v1/ensemble", controller::advice);
            config.routes.exception(BadRequestException.class, (e, ctx) ->
                    ctx.status(400).json(new ApiError(400, "bad_request", e.parameter(), e.parameter() + " " + e.getMessage())));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        driver.close();
    }

    /** {@code strong} wins, at twice the cost of the other two together. */
    private void send(String category, Instant at) {
        List<ComparisonEntry> entries = List.of(
                entry("cheap-a", 0.4, 0.001, 300L), entry("strong", 0.92, 0.004, 900L), entry("cheap-b", 0.35, 0.001, 200L));
        String id = "cmp-" + sent++;
        comparisons.pipeInput(new ComparisonKey("acme", id).encode(), Comparison.newBuilder().setEventId(id).setTimestamp(at)
                .setTenant("acme").setCategory(category).setEntries(new ArrayList<>(entries)).build(), at);
    }

    private static ComparisonEntry entry(String model, double score, double cost, long latencyMs) {
        return ComparisonEntry.newBuilder().setModel(model).setScore(score).setCostUsd(cost).setLatencyMs(latencyMs).build();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adviseTheDominantModelAloneWithItsSavingAndTheFiguresBehindIt() throws Exception {
        for (int i = 0; i < 80; i++) {
            send("code/backend", NOW.minus(Duration.ofHours(80 - i)));
        }

        HttpResponse<String> response = get("/api/v1/ensemble?tenant=acme&category=code&window=7d");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("tenant").asText()).isEqualTo("acme");
        assertThat(body.get("category").asText()).isEqualTo("code");
        assertThat(body.get("from").asText()).isEqualTo("2026-11-17T00:00:00Z");
        assertThat(body.get("until").asText()).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(body.get("comparisons").asLong()).isEqualTo(80);
        assertThat(body.get("recommendedSize").asInt()).isEqualTo(1);
        assertThat(body.get("models")).isEqualTo(mapper.readTree("[\"strong\"]"));
        assertThat(body.get("fullPanelSize").asInt()).isEqualTo(3);
        assertThat(body.get("expectedCostUsd").asDouble()).isCloseTo(0.004, within(1e-12));
        assertThat(body.get("fullPanelCostUsd").asDouble()).isCloseTo(0.006, within(1e-12));
        assertThat(body.get("savingShare").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(body.get("reason").asText()).isEqualTo("ask the best 1 of 3: they picked the full panel's winner in 79 of 80 "
                + "comparisons (98.8 %, at least 94.6 % with confidence, 90.0 % target), saving $0.002 per task (33.3 %)");
        assertThat(body.get("fullPanel")).isEqualTo(mapper.readTree("[\"strong\",\"cheap-a\",\"cheap-b\"]"));
        JsonNode one = body.get("sizes").get(0);
        assertThat(one.get("k").asInt()).isEqualTo(1);
        assertThat(one.get("agreed").asLong()).isEqualTo(79);
        assertThat(one.get("latencyMs").asDouble()).isEqualTo(900.0);
        assertThat(body.get("stopEarly").get("applies").asBoolean()).isFalse();
        assertThat(body.get("ranking").get(0).get("model").asText()).isEqualTo("strong");
        assertThat(body.get("ranking").get(0).get("wins").asDouble()).isEqualTo(80.0);
    }

    /** ensemble.target: the 94.6 % a single model proves above falls short of a 97 % target, so the full panel stays. */
    @Test
    void theConfiguredTargetAppliesWhenTheRequestNamesNone() throws Exception {
        for (int i = 0; i < 80; i++) {
            send("code/backend", NOW.minus(Duration.ofHours(80 - i)));
        }
        Javalin strict = server(0.97);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + strict.port()
                    + "/api/v1/ensemble?tenant=acme&category=code&window=7d")).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = mapper.readTree(response.body());
            assertThat(body.get("target").asDouble()).isEqualTo(0.97);
            assertThat(body.get("recommendedSize").asInt()).as(body.get("reason").asText()).isGreaterThan(1);
            JsonNode named = mapper.readTree(get("/api/v1/ensemble?tenant=acme&category=code&window=7d&target=0.97").body());
            assertThat(named.get("recommendedSize")).as("the same advice as a request naming the target").isEqualTo(body.get("recommendedSize"));
            assertThat(named.get("reason")).isEqualTo(body.get("reason"));
        } finally {
            strict.stop();
        }
    }

    @Test
    void aSpanOrLevelWithoutComparisonsAdvisesTheFullPanelAndSaysWhy() throws Exception {
        send("code/backend", NOW.minus(Duration.ofDays(20)));

        JsonNode week = mapper.readTree(get("/api/v1/ensemble?tenant=acme&category=code").body());
        JsonNode writing = mapper.readTree(get("/api/v1/ensemble?tenant=acme&category=writing&window=90d").body());

        assertThat(week.get("window").asText()).isEqualTo("30d");
        assertThat(week.get("comparisons").asLong()).isEqualTo(1);
        assertThat(writing.get("comparisons").asLong()).isZero();
        assertThat(writing.get("reason").asText()).startsWith("ask the full panel: no comparison with a winner or a tie");
        assertThat(writing.get("expectedCostUsd").isNull()).as("no model, no cost").isTrue();
        JsonNode sevenDays = mapper.readTree(get("/api/v1/ensemble?tenant=acme&category=code&window=7d").body());
        assertThat(sevenDays.get("comparisons").asLong()).isZero();
    }

    /**
     * The dashboard and the CLI show ratings and ensemble advice side by side: the same window must
     * mean the same days, whether the level's ratings were fitted today or it has none.
     */
    @Test
    void everyRatingsWindowCoversTheSameDaysHereAsInTheRatings() throws Exception {
        send("code/backend", NOW.minus(Duration.ofHours(1)));
        long today = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
        Optional<LevelRatings> fittedToday = Optional.of(new LevelRatings(NOW.toEpochMilli(), today, Map.of()));

        for (RatingWindow window : RatingWindow.values()) {
            HttpResponse<String> response = get("/api/v1/ensemble?tenant=acme&category=code&window=" + window.label());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode ensemble = mapper.readTree(response.body());
            JsonNode unrated = mapper.valueToTree(RatingsView.of("acme", "code", window, Optional.empty(), NOW.toEpochMilli()));
            JsonNode rated = mapper.valueToTree(RatingsView.of("acme", "code", window, fittedToday, NOW.toEpochMilli()));

            assertThat(ensemble.get("window").asText()).isEqualTo(window.label());
            for (JsonNode ratings : List.of(unrated, rated)) {
                assertThat(ensemble.get("from")).as(window.label()).isEqualTo(ratings.get("from"));
                assertThat(ensemble.get("until")).as(window.label()).isEqualTo(ratings.get("until"));
            }
            assertThat(ensemble.get("until").asText()).isEqualTo("2026-11-24T00:00:00Z");
            assertThat(ensemble.get("comparisons").asLong()).as("today's comparison is in every window").isEqualTo(1);
        }
        JsonNode week = mapper.readTree(get("/api/v1/ensemble?tenant=acme&category=code&window=7d").body());
        assertThat(week.get("from").asText()).as("today and the six days before").isEqualTo("2026-11-17T00:00:00Z");
        JsonNode day = mapper.readTree(get("/api/v1/ensemble?tenant=acme&category=code&window=1d").body());
        assertThat(day.get("from").asText()).isEqualTo("2026-11-23T00:00:00Z");
    }

    @Test
    void badParametersAre400sNamingTheParameter() throws Exception {
        assertBadRequest("/api/v1/ensemble?window=24h", "window", "window must be one of 1d, 7d, 30d, 90d (whole UTC days up to today)");
        assertBadRequest("/api/v1/ensemble?target=1", "target", "target must be a number between 0 and 1, both excluded");
        assertBadRequest("/api/v1/ensemble?target=high", "target", "target must be a number from 0 to 1");
        assertBadRequest("/api/v1/ensemble?category=Code", "category", null);
        assertBadRequest("/api/v1/ensemble?tenant=a%7Cb", "tenant", null);
    }

    private void assertBadRequest(String pathAndQuery, String parameter, String message) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(400);
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
    }
}
