package dev.modelperf.client.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenAiAttributesTest {

    private static final Instant START = Instant.parse("2025-06-01T12:00:00.123Z");

    /** Stands in for OpenTelemetry's AttributeKey, whose toString() is the attribute's name. */
    private record Key(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void aSuccessfulChatSpanMapsFieldForField() {
        Map<Object, Object> span = new HashMap<>();
        span.put(new Key("gen_ai.operation.name"), "chat");
        span.put(new Key("gen_ai.request.model"), "gpt-4o");
        span.put(new Key("gen_ai.response.model"), "gpt-4o-2024-08-06");
        span.put(new Key("gen_ai.provider.name"), "openai");
        span.put(new Key("gen_ai.usage.input_tokens"), 1200L);
        span.put(new Key("gen_ai.usage.output_tokens"), 310L);
        span.put(new Key("gen_ai.response.finish_reasons"), List.of("stop"));
        span.put(new Key("gen_ai.response.id"), "chatcmpl-123");
        span.put(new Key("gen_ai.conversation.id"), "conv-9");
        span.put(new Key("gen_ai.request.temperature"), 0.2);
        span.put(new Key("server.address"), "api.openai.com");
        span.put(new Key("user.id"), "u-42");
        span.put(new Key("modelperf.complexity"), "high");

        ModelCall call = GenAiAttributes.toModelCall(span, START, Duration.ofMillis(840), "code/backend/api");

        assertThat(call.getEventId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(call.getTimestamp()).isEqualTo(START);
        assertThat(call.getModel()).isEqualTo("gpt-4o");
        assertThat(call.getProvider()).isEqualTo("openai");
        assertThat(call.getOperation()).isEqualTo("chat");
        assertThat(call.getCategory()).isEqualTo("code/backend/api");
        assertThat(call.getComplexity()).isEqualTo(Complexity.HIGH);
        assertThat(call.getLatencyMs()).isEqualTo(840);
        assertThat(call.getInputTokens()).isEqualTo(1200);
        assertThat(call.getOutputTokens()).isEqualTo(310);
        assertThat(call.getStatus()).isEqualTo(CallStatus.OK);
        assertThat(call.getErrorType()).isNull();
        assertThat(call.getConversationId()).isEqualTo("conv-9");
        assertThat(call.getUserId()).isEqualTo("u-42");
        assertThat(call.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gen_ai.response.model", "gpt-4o-2024-08-06",
                "gen_ai.response.id", "chatcmpl-123",
                "gen_ai.response.finish_reasons", "stop",
                "gen_ai.request.temperature", "0.2",
                "server.address", "api.openai.com"));
    }

    @Test
    void errorsMapToStatuses() {
        Map<String, Object> base = Map.of("gen_ai.request.model", "claude-sonnet-4", "gen_ai.system", "anthropic",
                "modelperf.category", "writing/marketing");
        assertThat(map(base, Map.of("error.type", "429"))).satisfies(call -> {
            assertThat(call.getStatus()).isEqualTo(CallStatus.RATE_LIMITED);
            assertThat(call.getErrorType()).isEqualTo("429");
            assertThat(call.getProvider()).as("older gen_ai.system").isEqualTo("anthropic");
            assertThat(call.getCategory()).as("from the span").isEqualTo("writing/marketing");
        });
        assertThat(map(base, Map.of("error.type", "timeout")).getStatus()).isEqualTo(CallStatus.TIMEOUT);
        assertThat(map(base, Map.of("error.type", "_OTHER", "http.response.status_code", 503L)).getStatus())
                .isEqualTo(CallStatus.SERVER_ERROR);
        assertThat(map(base, Map.of("http.response.status_code", 400)).getErrorType()).isEqualTo("400");
        assertThat(map(base, Map.of("gen_ai.response.finish_reasons", new String[] {"content_filter"}))).satisfies(call -> {
            assertThat(call.getStatus()).isEqualTo(CallStatus.CONTENT_FILTERED);
            assertThat(call.getErrorType()).isEqualTo("content_filtered");
        });
    }

    private static ModelCall map(Map<String, Object> base, Map<String, Object> extra) {
        Map<String, Object> span = new HashMap<>(base);
        span.putAll(extra);
        return GenAiAttributes.toModelCall(span, START, Duration.ofSeconds(1), null);
    }

    @Test
    void aSpanThatCannotBeACallSaysWhatIsMissing() {
        assertThatThrownBy(() -> GenAiAttributes.toModelCall(Map.of("gen_ai.usage.input_tokens", "many"), START,
                Duration.ofSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a usable GenAI span: gen_ai.request.model (or gen_ai.response.model) is missing; "
                        + "gen_ai.provider.name (or gen_ai.system) is missing; "
                        + "modelperf.category is missing and no category was given; "
                        + "gen_ai.usage.input_tokens must be a whole number >= 0 (was many)");
    }
}
