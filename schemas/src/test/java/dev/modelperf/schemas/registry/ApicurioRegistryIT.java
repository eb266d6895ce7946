package dev.modelperf.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry contract against a real Apicurio Registry (in-memory storage) started as a child
 * process, so that our client is proven on a third-party implementation of the Confluent API
 * and not only on our own endpoint. Maven unpacks Apicurio into {@code apicurio.home}.
 */
class ApicurioRegistryIT extends SchemaRegistryContract {

    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistryIT.class);
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Process apicurio;
    private static String url;

    @BeforeAll
    static void startApicurio() throws IOException {
        String home = System.getProperty("apicurio.home");
        assertThat(home).as("system property apicurio.home (set by the failsafe configuration in schemas/pom.xml)").isNotBlank();
        Path runner = runnerJar(Path.of(home));
        Path logFile = Path.of(home).resolveSibling("apicurio-registry.log");
        int port = freePort();
        long started = System.nanoTime();
        apicurio = new ProcessBuilder(javaExecutable(), "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-jar", runner.toString())
                .directory(runner.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        String candidate = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        await("Apicurio to answer at " + candidate + " (its output is in " + logFile + ")")
                .atMost(STARTUP_DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> answers(candidate, logFile));
        log.info("Apicurio Registry answered after {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
        url = candidate;
    }

    @AfterAll
    static void stopApicurio() throws InterruptedException {
        if (apicurio == null) {
            return;
        }
        List<ProcessHandle> descendants = apicurio.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        apicurio.destroy();
        if (!apicurio.waitFor(30, TimeUnit.SECONDS)) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            apicurio.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    protected String baseUrl() {
        return url;
    }

    private static boolean answers(String baseUrl, Path logFile) {
        if (!apicurio.isAlive()) {
            throw new IllegalStateException("Apicurio exited with code " + apicurio.exitValue() + "; see " + logFile);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/subjects")).timeout(Duration.ofSeconds(2)).build();
        try {
            return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Apicurio", e);
        }
    }

    private static Path runnerJar(Path home) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("apicurio-registry-app-") && name.endsWith("-runner.jar");
            }).findFirst().orElseThrow(() -> new IllegalStateException("No apicurio-registry-app-*-runner.jar under "
                    + home + "; the pre-integration-test unpack in schemas/pom.xml should have put it there"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The java running this test, so that Apicurio gets the same JDK the build was given. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
