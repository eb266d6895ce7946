package dev.modelperf.local;

import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, in-process, single-node KRaft Kafka cluster (combined broker and controller) and a
 * schema-registry REST endpoint, both on free ports of the loopback interface. Backs
 * {@code modelperf demo} and every integration test; {@link #close()} removes its temp directories.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final KafkaClusterTestKit cluster;
    private final InMemorySchemaRegistry registry;
    private final RegistryServer registryServer;
    private final Duration startupTime;
    private boolean closed;

    private LocalStack(KafkaClusterTestKit cluster, InMemorySchemaRegistry registry, RegistryServer registryServer,
                       Duration startupTime) {
        this.cluster = cluster;
        this.registry = registry;
        this.registryServer = registryServer;
        this.startupTime = startupTime;
    }

    /** Starts the broker and the registry endpoint and returns once the broker accepts clients. */
    public static LocalStack start() {
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = startCluster();
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        RegistryServer registryServer;
        try {
            registryServer = RegistryServer.start(registry, "127.0.0.1", 0);
        } catch (RuntimeException e) {
            closeQuietly(cluster);
            throw e;
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
        log.info("Local stack up in {} ms: Kafka at {}, schema registry at {}", startupTime.toMillis(),
                cluster.bootstrapServers(), registryServer.url());
        return new LocalStack(cluster, registry, registryServer, startupTime);
    }

    private static KafkaClusterTestKit startCluster() {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // The test kit defaults to the unstable testing metadata level; clients expect a released one.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setDeleteOnClose(true)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Topics are created explicitly, with their leaders awaited, never implicitly by a producer.
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(cluster);
            throw new IllegalStateException("Interrupted while starting the local Kafka broker", e);
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("Cannot start the local Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Kafka's storage formatter prints the bootstrap metadata on standard output, where it would
     * bury the demo's own output; it goes to the debug log instead.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(original);
        }
        log.debug("Storage formatter: {}", captured.toString(StandardCharsets.UTF_8).strip());
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public String registryUrl() {
        return registryServer.url();
    }

    /** The registry behind {@link #registryUrl()}, for in-process serdes that need no HTTP hop. */
    public InMemorySchemaRegistry registry() {
        return registry;
    }

    /** Where the broker keeps its logs and metadata; deleted by {@link #close()}. */
    public Path dataDirectory() {
        return Path.of(cluster.nodes().baseDirectory());
    }

    /** How long {@link #start()} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /** A new admin client on this cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Stops the registry endpoint and the broker and deletes the broker's directories; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        registryServer.close();
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            log.warn("Local Kafka broker did not close cleanly: {}", e.toString());
        }
    }
}
