package dev.modelperf.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bounds on every number and every name of a call, the hostile values included. */
class ModelCallRulesTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final ModelCallRules rules = new ModelCallRules(Duration.ofMinutes(5));

    private static ModelCall.Builder call() {
        return ModelCall.newBuilder()
                .setEventId("c-1")
                .setTimestamp(NOW)
                .setModel("openai/gpt-4o")
                .setProvider("openai")
                .setCategory("code/backend")
                .setLatencyMs(800)
                .setInputTokens(1200)
                .setOutputTokens(300)
                .setCostUsd(0.01)
                .setStatus(CallStatus.OK);
    }

    private java.util.List<String> violations(ModelCall call) {
        return rules.check(call, NOW.toEpochMilli()).stream().map(Violation::toString).toList();
    }

    @Test
    void acceptsAnOrdinaryCallAtTheBounds() {
        assertThat(violations(call().build())).isEmpty();
        assertThat(violations(call().setInputTokens(ModelCallRules.MAX_TOKENS).setOutputTokens(ModelCallRules.MAX_TOKENS)
                .setCostUsd(100.0).setModel("llama3:70b (ünïcödé 🦙)").setErrorMessage("line 1\n\tline 2").build())).isEmpty();
    }

    @Test
    void aTimestampWithoutEpochMillisecondsIsAViolationNotAnOverflow() {
        assertThat(violations(call().setTimestamp(Instant.parse("+999999999-12-31T23:59:59Z")).build())).containsExactly(
                "timestamp: must not be more than 300000 ms in the future (was +999999999-12-31T23:59:59Z)");
        assertThat(violations(call().setTimestamp(Instant.parse("-999999999-01-01T00:00:00Z")).build())).containsExactly(
                "timestamp: must be after 1970-01-01T00:00:00Z");
    }

    @Test
    void numbersAreBoundedSoThatSumsStayFinite() {
        assertThat(violations(call().setCostUsd(1e308).setInputTokens(Long.MAX_VALUE).setOutputTokens(10_000_001).build()))
                .containsExactly(
                        "inputTokens: must be between 0 and 10000000 (was 9223372036854775807)",
                        "outputTokens: must be between 0 and 10000000 (was 10000001)",
                        "costUsd: must be a number between 0 and 100.0 (validation.max.call.cost.usd) (was 1.0E308)");
        assertThat(new ModelCallRules(Duration.ofMinutes(5), 5).check(call().setCostUsd(5.01).build(), NOW.toEpochMilli()))
                .extracting(Violation::field).containsExactly("costUsd");
    }

    @Test
    void namesMustBePrintableValidUtf16() {
        assertThat(violations(call()
                .setModel("gpt\u0000-4o")
                .setProvider("\u200B")
                .setOperation("chat\uD800")
                .setEventId(" c-1")
                .setUserId("u\u2028")
                .setErrorType("Bad\u001b[31m")
                .setErrorMessage("boom\u0000")
                .setAttributes(Map.of("k\u0007", "v"))
                .build())).containsExactly(
                "eventId: must not begin or end with whitespace",
                "model: must be printable: no control, invisible or unassigned character (U+0000 at index 3)",
                "provider: must be printable: no control, invisible or unassigned character (U+200B at index 0)",
                "operation: must be valid UTF-16 (lone surrogate U+D800 at index 4)",
                "errorType: must be printable: no control, invisible or unassigned character (U+001B at index 3)",
                "errorMessage: must not contain control characters other than tab and line breaks (U+0000 at index 4)",
                "userId: must be printable: no control, invisible or unassigned character (U+2028 at index 1)",
                "attributes: keys must be printable: no control, invisible or unassigned character (U+0007 at index 1)");
    }
}
