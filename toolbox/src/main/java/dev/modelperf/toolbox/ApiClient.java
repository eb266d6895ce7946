package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.query.health.HealthReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the query API over HTTP, as any dashboard would. */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final String baseUrl;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The rankings for {@code query} (e.g. {@code window=1h}), or an IOException with the status and body. */
    JsonNode rankings(String query) throws IOException, InterruptedException {
        return mapper.readTree(get("/api/v1/rankings?" + query));
    }

    /** The health of a tenant's models for {@code query} (e.g. {@code status=BLACKLISTED}), or an IOException. */
    HealthReport health(String query) throws IOException, InterruptedException {
        return mapper.readValue(get("/api/v1/health?" + query), HealthReport.class);
    }

    /** A tenant's routing cascade layer by layer, for {@code query} (e.g. {@code tenant=acme&window=24h}), or an IOException. */
    JsonNode routingLayers(String query) throws IOException, InterruptedException {
        return mapper.readTree(get("/api/v1/routing/layers?" + query));
    }

    /** The threshold analysis of a tenant's cascade layers for {@code query}, as the API's JSON text, or an IOException. */
    String routingThresholds(String query) throws IOException, InterruptedException {
        return get("/api/v1/routing/thresholds?" + query);
    }

    JsonNode json(String text) throws IOException {
        return mapper.readTree(text);
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
