package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelperf.local.LocalStack;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
            ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                    "kafka.bootstrap.servers", stack.bootstrapServers(),
                    "kafka.application.id", "kafka-lost-it-" + UUID.randomUUID(),
                    "registry.url", stack.registryUrl(),
                    "state.dir", stateDir.toString(),
                    "topic.partitions", "1",
                    "http.host", "127.0.0.1",
                    "http.port", "0"));
            process = ModelPerfProcess.start(settings, new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
            assertThat(process.awaitRunning(Duration.ofSeconds(60))).as("streams app RUNNING").isTrue();
            String api = "http://127.0.0.1:" + process.httpPort();
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
