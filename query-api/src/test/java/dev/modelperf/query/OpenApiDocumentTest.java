package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.query.ingest.EventJson;
import dev.modelperf.query.ingest.EventPublisher;
import dev.modelperf.query.ingest.IngestController;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.streams.ModelPerfStreams;
import dev.modelperf.query.config.ModelPerfSettings;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import dev.modelperf.streams.validate.ValidationSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against the real {@link ApiServer}: its routes are read from the server's
 * router, so a route added without documenting it fails here. The server is built over a Kafka
 * Streams client that is never started, so no broker is needed.
 */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir
    static Path stateDir;

    private static ModelPerfStreams streams;
    private static Javalin app;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void buildServer() {
        ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                // The clients try the absent broker once instead of logging a retry every few hundred ms.
                "kafka.reconnect.backoff.ms", "60000",
                "kafka.reconnect.backoff.max.ms", "60000",
                "kafka.application.id", "openapi-test",
                "state.dir", stateDir.toString()));
        streams = new ModelPerfStreams(settings.streams(), new InMemorySchemaRegistry());
        IngestController ingest = new IngestController(new EventJson(new ValidationSettings(Duration.ofMinutes(5), 100, Duration.ofDays(1).minusMinutes(1)), Clock.systemUTC()),
                new UnusedPublisher());
        app = ApiServer.create(streams.kafkaStreams(), settings, 1, Clock.systemUTC(), ingest);
    }

    @AfterAll
    static void close() {
        if (app != null) {
            app.stop();
        }
        if (streams != null) {
            streams.close();
        }
    }

    @Test
    void isOpenApi30() throws IOException {
        JsonNode document = document();

        assertThat(document.path("openapi").asText()).matches("3\\.0\\.\\d+");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("info").path("description").asText()).contains("X-ModelPerf-Forwarded");
    }

    @Test
    void documentsEveryPublicRouteWithItsMethod() throws IOException {
        JsonNode paths = document().path("paths");
        Set<String> registered = new TreeSet<>();
        app.unsafe.internalRouter.allHttpHandlers().forEach(parsed -> registered.add(
                parsed.endpoint.method.name().toLowerCase(Locale.ROOT) + " " + parsed.endpoint.path));
        Set<String> documented = new TreeSet<>();
        paths.fieldNames().forEachRemaining(path -> paths.path(path).fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                documented.add(method + " " + path);
            }
        }));

        assertThat(registered).as("routes registered by ApiServer").contains("get /openapi.json", "post /api/v1/events/calls");
        assertThat(documented).containsAll(registered.stream()
                .filter(route -> !route.contains(" /internal/") && !route.startsWith("before ")).toList());
        assertThat(documented).noneMatch(route -> route.contains(" /internal/"));
    }

    @Test
    void describesEveryOperation() throws IOException {
        JsonNode paths = document().path("paths");
        List<String> undescribed = new ArrayList<>();
        paths.fieldNames().forEachRemaining(path -> paths.path(path).properties().forEach(operation -> {
            if (HTTP_METHODS.contains(operation.getKey()) && (operation.getValue().path("description").asText().isBlank()
                    || operation.getValue().path("responses").isEmpty())) {
                undescribed.add(operation.getKey() + " " + path);
            }
        }));

        assertThat(undescribed).as("operations without a description or responses").isEmpty();
    }

    @Test
    void everyReferenceResolves() throws IOException {
        JsonNode document = document();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty();
        assertThat(references).allSatisfy(reference -> {
            assertThat(reference).startsWith("#/");
            assertThat(document.at(reference.substring(1)).isMissingNode()).as("%s resolves", reference).isFalse();
        });
    }

    @Test
    void servesTheDocumentOverHttp() throws Exception {
        app.start("127.0.0.1", 0);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(mapper.readTree(response.body())).isEqualTo(document());
    }

    private JsonNode document() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(OpenApiController.RESOURCE)) {
            assertThat(in).as("resource %s", OpenApiController.RESOURCE).isNotNull();
            return mapper.readTree(in);
        }
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject() && node.has("$ref")) {
            references.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, references));
    }

    /** The ingest routes are registered but never called here. */
    private static final class UnusedPublisher implements EventPublisher {

        @Override
        public CompletableFuture<Void> publishCalls(List<ModelCall> calls) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> publishFeedback(List<Feedback> feedback) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> publishRoutingDecisions(List<RoutingDecision> decisions) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> publishRoutingOutcomes(List<RoutingOutcome> outcomes) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> publishComparisons(List<Comparison> comparisons) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> publishJudgments(List<Judgment> judgments) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public void close() {
        }
    }
}
