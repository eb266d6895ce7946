package dev.modelperf.query.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing decisions and outcomes posted over HTTP to the real process on the real local broker
 * come back, each decision once, in {@code GET /api/v1/routing/layers}.
 */
class RoutingLayersIT {

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void postedDecisionsAndOutcomesComeBackLayerByLayer() throws Exception {
        try (LocalStack stack = LocalStack.start();
             ModelPerfProcess process = TestServers.start(stack, TestServers.settings(stack, "routing-it-" + UUID.randomUUID(), stateDir))) {
            String api = TestServers.api(process);
            String at = Instant.now().minusSeconds(5).toString();
            String decisions = """
                    [{"decisionId":"d1","timestamp":"%1$s","tenant":"acme","totalLatencyMs":2,
                      "layers":[{"layerId":"keyword","confidence":0.9,"threshold":0.8,"accepted":true,"target":"billing","latencyMs":2}],
                      "finalLayer":"keyword","finalTarget":"billing"},
                     {"decisionId":"d2","timestamp":"%1$s","tenant":"acme","totalLatencyMs":23,
                      "layers":[{"layerId":"keyword","confidence":0.5,"threshold":0.8,"accepted":false,"target":"billing","latencyMs":3},
                                {"layerId":"semantic","confidence":0.75,"threshold":0.7,"accepted":true,"target":"support","latencyMs":20}],
                      "finalLayer":"semantic","finalTarget":"support"},
                     {"decisionId":"d3","timestamp":"%1$s","tenant":"acme","totalLatencyMs":31,"clarified":true,
                      "layers":[{"layerId":"keyword","confidence":0.3,"threshold":0.8,"accepted":false,"latencyMs":1},
                                {"layerId":"semantic","confidence":0.4,"threshold":0.7,"accepted":false,"target":"sales","latencyMs":30}]}]
                    """.formatted(at);
            assertThat(post(api + "/api/v1/events/routing", decisions).statusCode()).isEqualTo(202);
            // A retry of the whole batch after a lost answer: each decision still counts once.
            assertThat(post(api + "/api/v1/events/routing", decisions).statusCode()).isEqualTo(202);
            HttpResponse<String> outcomes = post(api + "/api/v1/events/routing-outcomes", """
                    [{"eventId":"o1","decisionId":"d1","tenant":"acme","completed":true,"correct":true},
                     {"eventId":"o2","decisionId":"d2","tenant":"acme","completed":true,"correctTarget":"billing"}]""");
            assertThat(outcomes.statusCode()).as(outcomes.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                HttpResponse<String> response = get(api + "/api/v1/routing/layers?tenant=acme&window=1h");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode body = mapper.readTree(response.body());
                JsonNode cascade = body.get("cascade");
                assertThat(body.get("resolution").asText()).isEqualTo("minute");
                assertThat(cascade.get("decisions").asLong()).isEqualTo(3);
                assertThat(cascade.get("routed").asLong()).isEqualTo(2);
                assertThat(cascade.get("clarified").asLong()).isEqualTo(1);
                assertThat(cascade.get("clarificationRate").asDouble()).isEqualTo(1.0 / 3);
                assertThat(cascade.get("judged").asLong()).isEqualTo(2);
                assertThat(cascade.get("accuracy").asDouble()).isEqualTo(0.5);
                assertThat(cascade.get("latencyMs").get("mean").asDouble()).isEqualTo(56.0 / 3);
                JsonNode keyword = body.get("layers").get(0);
                assertThat(keyword.get("layerId").asText()).isEqualTo("keyword");
                assertThat(keyword.get("attempts").asLong()).isEqualTo(3);
                assertThat(keyword.get("accepted").asLong()).isEqualTo(1);
                assertThat(keyword.get("accuracy").asDouble()).isEqualTo(1.0);
                assertThat(keyword.get("histogram")).isEqualTo(mapper.readTree("""
                        [{"from":0.3,"correct":0,"wrong":0,"unknown":1},
                         {"from":0.5,"correct":1,"wrong":0,"unknown":0},
                         {"from":0.9,"correct":1,"wrong":0,"unknown":0}]"""));
                assertThat(keyword.get("thresholds").size()).isEqualTo(1);
                assertThat(keyword.get("thresholds").get(0).get("value").asDouble()).isEqualTo(0.8);
                JsonNode semantic = body.get("layers").get(1);
                assertThat(semantic.get("layerId").asText()).isEqualTo("semantic");
                assertThat(semantic.get("attempts").asLong()).isEqualTo(2);
                assertThat(semantic.get("captureRate").asDouble()).isEqualTo(0.5);
                assertThat(semantic.get("captureShare").asDouble()).isEqualTo(1.0 / 3);
                assertThat(semantic.get("accuracy").asDouble()).isEqualTo(0.0);
                assertThat(semantic.get("histogram")).isEqualTo(mapper.readTree("""
                        [{"from":0.4,"correct":0,"wrong":0,"unknown":1},
                         {"from":0.75,"correct":0,"wrong":1,"unknown":0}]"""));
            });
            JsonNode otherTenant = mapper.readTree(get(api + "/api/v1/routing/layers?tenant=other&window=1h").body());
            assertThat(otherTenant.get("cascade").get("decisions").asLong()).isZero();
            assertThat(otherTenant.get("layers").size()).isZero();
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
