package dev.modelperf.toolbox.decisions;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The call events a replay records. Every graded answer is a call that succeeded — the model
 * answered — with its grade as {@code qualityScore} (0 for a wrong answer): being wrong is a matter
 * of quality, not an outage, and must not feed the blacklist. An outage is {@code SERVER_ERROR},
 * which health counts.
 */
final class CallEvents {

    /** The same latency for every model: the data sets have none, and a made-up one should favour nobody. */
    static final long LATENCY_MS = 1000;

    private CallEvents() {
    }

    static ModelCall graded(String eventKey, Instant at, String model, String category, PromptOutcomes.Outcome outcome) {
        return base(eventKey, at, model, category)
                .setInputTokens(outcome.inputTokens())
                .setOutputTokens(outcome.outputTokens())
                .setCostUsd(outcome.costUsd())
                .setStatus(CallStatus.OK)
                .setQualityScore(outcome.score())
                .build();
    }

    static ModelCall outage(String eventKey, Instant at, String model, String category, long inputTokens, double costUsd) {
        return base(eventKey, at, model, category)
                .setInputTokens(inputTokens)
                .setOutputTokens(0)
                .setCostUsd(costUsd)
                .setStatus(CallStatus.SERVER_ERROR)
                .setErrorType("server_error")
                .setErrorMessage("synthetic outage")
                .build();
    }

    /** The provider as the text before the first '/', else {@code unknown}. */
    static String provider(String model) {
        int slash = model.indexOf('/');
        return slash > 0 ? model.substring(0, slash) : "unknown";
    }

    private static ModelCall.Builder base(String eventKey, Instant at, String model, String category) {
        return ModelCall.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(eventKey.getBytes(StandardCharsets.UTF_8)).toString())
                .setTimestamp(at)
                .setModel(model)
                .setProvider(provider(model))
                .setOperation("chat")
                .setCategory(category)
                .setLatencyMs(LATENCY_MS)
                .setAttributes(Map.of());
    }
}
