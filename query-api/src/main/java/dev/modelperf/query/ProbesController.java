package dev.modelperf.query;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness ({@code /healthz}: the process answers) and readiness ({@code /readyz}: the streams app
 * is RUNNING and Kafka answers).
 */
public final class ProbesController {

    private final Supplier<KafkaStreams.State> streamsState;
    private final BooleanSupplier kafkaReachable;

    public ProbesController(Supplier<KafkaStreams.State> streamsState, BooleanSupplier kafkaReachable) {
        this.streamsState = streamsState;
        this.kafkaReachable = kafkaReachable;
    }

    public void healthz(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void readyz(Context ctx) {
        KafkaStreams.State state = streamsState.get();
        boolean kafka = kafkaReachable.getAsBoolean();
        boolean ready = state == KafkaStreams.State.RUNNING && kafka;
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "READY" : "NOT_READY", "streams", state.name(),
                "kafka", kafka ? "REACHABLE" : "UNREACHABLE"));
    }
}
