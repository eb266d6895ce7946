package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka (combined broker and controller) in a JVM of its own, run by Kafka's
 * own main class {@code kafka.Kafka} on a fixed data directory and fixed ports, as a broker is run
 * in production. Unlike the local stack's in-process broker, which formats a fresh temporary
 * directory on free ports at every start, it can be killed and started again on the same log
 * directory and the same port, so that its clients see the same broker go away and come back.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path directory;
    private final Path config;
    private final int port;
    private int generation;
    private Process process;

    private BrokerProcess(Path directory, Path config, int port) {
        this.directory = directory;
        this.config = config;
        this.port = port;
    }

    /** Formats a new broker's storage under {@code directory}, on free loopback ports, and starts it. */
    static BrokerProcess start(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int port = freePort();
        int controllerPort = freePort();
        Path config = directory.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + directory.resolve("logs"),
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        Process format = new ProcessBuilder(javaCommand("kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(directory.resolve("format.log").toFile()).start();
        assertThat(format.waitFor(60, TimeUnit.SECONDS)).as("storage formatted within 60 s").isTrue();
        assertThat(format.exitValue()).as("kafka-storage format; its output: " + Files.readString(directory.resolve("format.log")))
                .isZero();
        BrokerProcess broker = new BrokerProcess(directory, config, port);
        broker.startAgain();
        return broker;
    }

    /** Starts the broker on its data directory and port and waits until it answers clients. */
    void startAgain() throws IOException {
        Path log = directory.resolve("broker-" + generation++ + ".log");
        process = new ProcessBuilder(javaCommand("kafka.Kafka", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = process;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(ExecutionException.class).until(() -> {
                        assertThat(started.isAlive()).as("broker alive; its log: " + ChildJvm.tail(log)).isTrue();
                        return !admin.describeCluster().nodes().get().isEmpty();
                    });
        }
    }

    /** SIGKILL: no controlled shutdown, nothing flushed beyond what the OS already holds. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("broker gone after SIGKILL").isTrue();
        process = null;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /**
     * Kafka's jar ships a log4j2.yaml, for which no YAML parser is on the class path; the project's
     * file keeps it to warnings. The quick compiler only: a broker that starts in less CPU time.
     */
    private static List<String> javaCommand(String mainClass, String... args) {
        return ChildJvm.command(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=classpath:modelperf-log4j2.xml"),
                mainClass, List.of(args));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
