package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A start that cannot reach what it needs ends within {@code startup.timeout} with exit code 3 and
 * one line naming the setting and the address, run through the same main path as the server.
 */
class ServerStartupTest {

    @Test
    @Timeout(30)
    void anUnreachableRegistryEndsTheStartNamingIt() throws Exception {
        int port = unusedPort();
        Result result = run("--set", "registry.url=http://127.0.0.1:" + port, "--set", "startup.timeout=3s");

        assertThat(result.exitCode()).isEqualTo(ServerCommand.EXIT_STARTUP);
        assertThat(result.stderr()).startsWith("Start-up failed: Cannot reach the schema registry at http://127.0.0.1:" + port
                + " (registry.url) within 3s: ");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    @Timeout(30)
    void anUnreachableKafkaEndsTheStartNamingIt() throws Exception {
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/subjects", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        try {
            int kafkaPort = unusedPort();
            Result result = run("--set", "registry.url=http://127.0.0.1:" + registry.getAddress().getPort(),
                    "--set", "kafka.bootstrap.servers=127.0.0.1:" + kafkaPort, "--set", "startup.timeout=3s");

            assertThat(result.exitCode()).isEqualTo(ServerCommand.EXIT_STARTUP);
            assertThat(result.stderr()).isEqualTo("Start-up failed: Cannot reach Kafka at 127.0.0.1:" + kafkaPort
                    + " (kafka.bootstrap.servers) within 3s: no answer (timed out)\n");
            assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void aBadSettingEndsTheStartNamingTheKey() throws Exception {
        Result result = run("--set", "startup.timeout=soon");

        assertThat(result.exitCode()).isEqualTo(ServerCommand.EXIT_CONFIGURATION);
        assertThat(result.stderr()).startsWith("Configuration error: Invalid value 'soon' for startup.timeout (command line)");
    }

    @Test
    void aBadKeysFileEndsTheStartNamingTheLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path keys = java.nio.file.Files.writeString(dir.resolve("keys.csv"), "too-short,acme,read\n");
        Result result = run("--set", "auth.keys.file=" + keys);

        assertThat(result.exitCode()).isEqualTo(ServerCommand.EXIT_CONFIGURATION);
        assertThat(result.stderr()).startsWith("Configuration error: Invalid auth.keys.file (command line): " + keys
                + " line 1: the key must be");
    }

    record Result(int exitCode, String stderr, Duration took) {
    }

    static Result run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long start = System.nanoTime();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of("--set", "http.host=127.0.0.1", "--set", "http.port=0"));
            all.addAll(List.of(args));
            int exitCode = ServerCommand.execute(new ServerCommand(), all.toArray(String[]::new));
            return new Result(exitCode, captured.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            System.setErr(original);
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
