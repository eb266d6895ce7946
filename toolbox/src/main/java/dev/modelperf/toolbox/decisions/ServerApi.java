package dev.modelperf.toolbox.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** What a replay reads from the query API over HTTP, as a router would. */
final class ServerApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    ServerApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * The recommended model ({@code null} when the server has none) and the models it skipped as
     * blacklisted.
     */
    record Answer(String model, Set<String> blacklisted) {
    }

    CompletableFuture<Answer> recommendation(String query) {
        return getAsync("/api/v1/recommendation?" + query).thenApply(ServerApi::answer);
    }

    /** The answer of {@code /api/v1/predict} to {@code query}. */
    CompletableFuture<JsonNode> prediction(String query) {
        return getAsync("/api/v1/predict?" + query).thenApply(body -> {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Unreadable prediction: " + body, e);
            }
        });
    }

    /** Calls counted over every model of {@code tenant} in the last hour, and the snapshot that counted them. */
    record Counted(long calls, String asOf) {
    }

    Counted callsSeen(String tenant) throws IOException, InterruptedException {
        JsonNode rankings = JSON.readTree(get("/api/v1/rankings?window=1h&category=%2A&tenant=" + encode(tenant)));
        long total = 0;
        for (JsonNode model : rankings.path("models")) {
            total += model.path("samples").asLong();
        }
        return new Counted(total, rankings.path("asOf").asText());
    }

    /** The models of {@code tenant} that {@code /api/v1/health} says are BLACKLISTED now, and until when. */
    Map<String, Instant> blacklisted(String tenant) throws IOException, InterruptedException {
        Map<String, Instant> models = new LinkedHashMap<>();
        JsonNode report = JSON.readTree(get("/api/v1/health?status=BLACKLISTED&tenant=" + encode(tenant)));
        report.path("models").forEach(model -> models.put(model.path("model").asText(),
                Instant.parse(model.path("blacklistedUntil").asText())));
        return models;
    }

    private static Answer answer(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable recommendation: " + body, e);
        }
        JsonNode best = root.path("best");
        Set<String> blacklisted = new LinkedHashSet<>();
        for (JsonNode skipped : root.path("skipped")) {
            if (skipped.path("reason").asText().startsWith("blacklisted")) {
                blacklisted.add(skipped.path("model").asText());
            }
        }
        return new Answer(best.isObject() ? best.path("model").asText() : null, blacklisted);
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
        return body(pathAndQuery, response);
    }

    private CompletableFuture<String> getAsync(String pathAndQuery) {
        return http.sendAsync(request(pathAndQuery), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            try {
                return body(pathAndQuery, response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static String body(String pathAndQuery, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
