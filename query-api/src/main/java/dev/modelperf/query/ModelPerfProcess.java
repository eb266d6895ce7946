package dev.modelperf.query;

import dev.modelperf.query.ingest.EventJson;
import dev.modelperf.query.ingest.EventPublisher;
import dev.modelperf.query.cluster.Instances;
import dev.modelperf.query.ingest.IngestController;
import dev.modelperf.query.ingest.TenantNameLimits;
import dev.modelperf.query.ingest.KafkaEventPublisher;
import dev.modelperf.query.decisions.DecisionPublisher;
import dev.modelperf.query.export.ExportController;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.streams.ModelPerfStreams;
import dev.modelperf.query.config.ModelPerfSettings;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One ModelPerf process: the streams app and, inside it, the HTTP API over its state stores, with
 * the producer behind HTTP ingest.
 */
public final class ModelPerfProcess implements AutoCloseable {

    private final ModelPerfStreams streams;
    private final Javalin http;
    private final SchemaRegistry registry;
    private final EventPublisher ingest;

    private ModelPerfProcess(ModelPerfStreams streams, Javalin http, SchemaRegistry registry, EventPublisher ingest) {
        this.streams = streams;
        this.http = http;
        this.registry = registry;
        this.ingest = ingest;
    }

    /** Starts processing and serving; the process owns {@code registry} from here on and closes it. */
    public static ModelPerfProcess start(ModelPerfSettings settings, SchemaRegistry registry) {
        ModelPerfStreams streams = new ModelPerfStreams(settings.streams(), registry);
        Javalin http = null;
        EventPublisher ingest = null;
        try {
            streams.start();
            ingest = new KafkaEventPublisher(settings, registry);
            IngestController ingestController = new IngestController(
                    new EventJson(settings.streams().validation(), Clock.systemUTC()), ingest,
                    new TenantNameLimits(streams.kafkaStreams(), new Instances(streams.kafkaStreams(), settings.query().applicationServer()),
                            settings.streams().limits()));
            http = ApiServer.create(streams.kafkaStreams(), settings, streams.callPartitions(), Clock.systemUTC(), ingestController,
                            view -> DecisionPublisher.create(view, settings, registry, streams.callPartitions(), Clock.systemUTC()),
                            new ExportController(settings.streams().bootstrapServers(), settings.streams().kafka(),
                                    settings.streams().topics(), registry, settings.streams().stateDir().resolve("export"),
                                    Clock.systemUTC()))
                    .start(settings.httpHost(), settings.httpPort());
            return new ModelPerfProcess(streams, http, registry, ingest);
        } catch (RuntimeException e) {
            if (http != null) {
                http.stop();
            }
            if (ingest != null) {
                ingest.close();
            }
            streams.close();
            registry.close();
            throw e;
        }
    }

    /** Waits until the streams app first reaches RUNNING; false when {@code timeout} passes first. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return streams.awaitRunning(timeout);
    }

    public KafkaStreams.State state() {
        return streams.kafkaStreams().state();
    }

    /** The port the HTTP API listens on (useful when configured as 0). */
    public int httpPort() {
        return http.port();
    }

    public KafkaStreams kafkaStreams() {
        return streams.kafkaStreams();
    }

    @Override
    public void close() {
        http.stop();
        ingest.close();
        streams.close();
        registry.close();
    }
}
