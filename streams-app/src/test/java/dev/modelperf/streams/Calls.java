package dev.modelperf.streams;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Valid calls for tests, to be varied one field at a time. */
public final class Calls {

    private Calls() {
    }

    public static ModelCall.Builder call(String model, String category, long latencyMs, CallStatus status, Instant at) {
        return ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(at)
                .setTenant("acme")
                .setModel(model)
                .setProvider("openai")
                .setOperation("chat")
                .setCategory(category)
                .setComplexity(Complexity.MEDIUM)
                .setLatencyMs(latencyMs)
                .setTimeToFirstTokenMs(null)
                .setInputTokens(100)
                .setOutputTokens(50)
                .setCostUsd(0.002)
                .setStatus(status)
                .setAttributes(Map.of());
    }
}
