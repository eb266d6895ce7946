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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Reads the query API over HTTP, as any dashboard would. */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final String baseUrl;
    private final String apiKey;

    ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** {@code apiKey}: sent as {@code Authorization: Bearer KEY} when the server has access control; null sends none. */
    ApiClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /** The rankings for {@code query} (e.g. {@code window=1h}), or an IOException with the status and body. */
    JsonNode rankings(String query) throws IOException, InterruptedException {
        return mapper.readTree(get("/api/v1/rankings?" + query));
    }

    /** The health of a tenant's models for {@code query} (e.g. {@code status=BLACKLISTED}), or an IOException. */
    HealthReport health(String query) throws IOException, InterruptedException {
        return mapper.readValue(get("/api/v1/health?" + query), HealthReport.class);
    }

    /** Any GET of the API as a JSON tree: {@code params} are name, value pairs, encoded here; a null value is left out. */
    JsonNode json(String path, String... params) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            if (params[i + 1] != null) {
                query.append(query.isEmpty() ? '?' : '&').append(params[i]).append('=')
                        .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
            }
        }
        return mapper.readTree(get(path + query));
    }

    /** A tenant's routing cascade layer by layer, for {@code query} (e.g. {@code tenant=acme&window=24h}), or an IOException. */
    JsonNode routingLayers(String query) throws IOException, InterruptedException {
        return mapper.readTree(get("/api/v1/routing/layers?" + query));
    }

    /** The threshold analysis of a tenant's cascade layers for {@code query}, as the API's JSON text, or an IOException. */
    String routingThresholds(String query) throws IOException, InterruptedException {
        return get("/api/v1/routing/thresholds?" + query);
    }

    /** Parses an answer the API gave as text. */
    JsonNode parse(String text) throws IOException {
        return mapper.readTree(text);
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(5)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new ApiException(pathAndQuery, response.statusCode(), response.body());
        }
        return response.body();
    }

    /** A non-200 answer: its status and the API's error message when the body is the API's JSON error. */
    static final class ApiException extends IOException {

        private final int status;
        private final String body;

        ApiException(String pathAndQuery, int status, String body) {
            super("GET " + pathAndQuery + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        String body() {
            return body;
        }
    }
}
