package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The server against the real parts the compose file runs: the official Apache Kafka image and
 * Apicurio's registry, in containers. Needs a Docker engine; without one it is skipped, saying so.
 */
class ContainersIT {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String REGISTRY_IMAGE = "apicurio/apicurio-registry-mem:2.6.13.Final";

    @TempDir
    static Path stateDir;

    private static void needsDocker() {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker) {
            System.out.println("ContainersIT skipped: no Docker engine reachable (DOCKER_HOST or /var/run/docker.sock); "
                    + "it runs the server against " + KAFKA_IMAGE + " and " + REGISTRY_IMAGE + " where one is");
        }
        assumeTrue(docker, "No Docker engine reachable: the containerised Kafka and registry cannot start");
    }

    @Test
    void theServerIngestsAndAnswersAgainstAContainerisedKafkaAndRegistry() throws Exception {
        needsDocker();
        try (KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
             GenericContainer<?> registry = new GenericContainer<>(REGISTRY_IMAGE).withExposedPorts(8080)
                     .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200))) {
            kafka.start();
            registry.start();
            String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/ccompat/v7";
            ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                    "kafka.bootstrap.servers", kafka.getBootstrapServers(),
                    "kafka.application.id", "containers-it-" + UUID.randomUUID(),
                    "registry.url", registryUrl,
                    "state.dir", stateDir.toString(),
                    "topic.partitions", "3",
                    "http.host", "127.0.0.1",
                    "http.port", "0"));
            try (ModelPerfProcess process = ModelPerfProcess.start(settings, new CachedSchemaRegistry(new HttpSchemaRegistry(registryUrl)))) {
                assertThat(process.awaitRunning(Duration.ofSeconds(90))).as("streams app RUNNING").isTrue();
                String api = "http://127.0.0.1:" + process.httpPort();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/events/calls"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"acme/m1\",\"provider\":\"acme\",\"category\":\"code\","
                                + "\"latencyMs\":120,\"status\":\"OK\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/models"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body().contains("acme/m1"));
                assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
        }
    }
}
