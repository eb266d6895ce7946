package dev.modelperf.query;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** Liveness ({@code /healthz}: the process answers) and readiness ({@code /readyz}: the streams app is RUNNING). */
public final class ProbesController {

    private final Supplier<KafkaStreams.State> streamsState;

    public ProbesController(Supplier<KafkaStreams.State> streamsState) {
        this.streamsState = streamsState;
    }

    public void healthz(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void readyz(Context ctx) {
        KafkaStreams.State state = streamsState.get();
        boolean ready = state == KafkaStreams.State.RUNNING;
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "READY" : "NOT_READY", "streams", state.name()));
    }
}
