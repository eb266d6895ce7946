package dev.modelperf.streams;

import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryUnavailableException;
import dev.modelperf.streams.topics.TopicProvisioner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology: provisions the topics when asked to, starts Kafka Streams and stops it.
 * An unexpected exception shuts the client down (and the process with it, so that its supervisor
 * restarts it) rather than looping on a record: bad input never gets this far, it goes to the DLQ.
 * A schema registry outage is the one exception that replaces the thread instead (see {@link #responseTo}).
 */
public final class ModelPerfStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelPerfStreams.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final StreamsSettings settings;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile int callPartitions;

    public ModelPerfStreams(StreamsSettings settings, SchemaRegistry registry) {
        this.settings = settings;
        this.streams = new KafkaStreams(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings));
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(ModelPerfStreams::responseTo);
    }

    /**
     * A schema registry outage longer than {@code registry.outage.wait} replaces the thread: its
     * transaction is aborted and its tasks read the same records again from the last commit (under
     * exactly-once their local state is restored from the changelogs first), until the registry
     * answers. Anything else shuts the client down.
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse responseTo(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RegistryUnavailableException) {
                log.warn("Schema registry unavailable; replacing the stream thread to read the same records again: {}", cause.getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        log.error("Stream thread failed; shutting the streams client down", exception);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Creates missing topics (when {@code topic.create} is on) and starts processing. */
    public void start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, ADMIN_TIMEOUT);
            if (settings.createTopics()) {
                provisioner.ensure(settings.topics().all(), settings.topicPartitions(), settings.topicReplicationFactor());
            }
            callPartitions = provisioner.partitionCount(settings.topics().calls());
        }
        streams.start();
    }

    /** Partitions of the calls topic, and so of the aggregates (known once started). */
    public int callPartitions() {
        return callPartitions;
    }

    public KafkaStreams kafkaStreams() {
        return streams;
    }

    /** Waits until the app first reaches RUNNING; false when {@code timeout} passes first. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
