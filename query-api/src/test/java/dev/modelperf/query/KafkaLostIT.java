package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelperf.local.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka lost under a running server shows in {@code /readyz} (503) and in {@code /metrics}. */
class KafkaLostIT {

    @TempDir
    Path stateDir;

    @Test
    void losingKafkaMakesTheInstanceNotReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        LocalStack stack = LocalStack.start();
        ModelPerfProcess process = null;
        try {
            process = TestServers.start(stack, TestServers.settings(stack, "kafka-lost-it-" + UUID.randomUUID(), stateDir,
                    "topic.partitions", "1"));
            String api = TestServers.api(process);
            await().atMost(Duration.ofSeconds(20)).until(() -> get(http, api + "/readyz").statusCode() == 200);

            stack.close();

            await().atMost(Duration.ofSeconds(30)).until(() -> get(http, api + "/readyz").statusCode() == 503);
            assertThat(get(http, api + "/readyz").body()).contains("\"kafka\":\"UNREACHABLE\"");
            assertThat(get(http, api + "/metrics").body()).contains("modelperf_kafka_reachable 0.0");
        } finally {
            if (process != null) {
                process.close();
            }
            stack.close();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
