package dev.modelperf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.validation.Violation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Validation happens on the caller's thread, before anything is sent: no broker is needed here. */
class ModelPerfClientValidationTest {

    private final ModelPerfClient client = ModelPerfClient.builder()
            .bootstrapServers("127.0.0.1:9")
            .schemaRegistry(new InMemorySchemaRegistry())
            .tenant("acme")
            .build();

    @AfterEach
    void close() {
        client.close();
    }

    private static ModelCall.Builder call() {
        return ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(Instant.now())
                .setModel("openai/gpt-4o")
                .setProvider("openai")
                .setCategory("code/backend/api")
                .setLatencyMs(120)
                .setStatus(CallStatus.OK);
    }

    @Test
    void refusesACallNamingEveryBrokenFieldAndRule() {
        assertThatThrownBy(() -> client.record(call().setLatencyMs(-5).setCategory("Code").setQualityScore(1.5).build()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid ModelCall: category: must be 1-4 '/'-separated segments of [a-z0-9_-] (e.g. code/backend/api); "
                        + "latencyMs: must be between 0 and 3600000 (was -5); "
                        + "qualityScore: must be a finite number between 0 and 1 (was 1.5)")
                .satisfies(e -> assertThat(((InvalidEventException) e).violations()).extracting(Violation::field)
                        .containsExactly("category", "latencyMs", "qualityScore"));
    }

    @Test
    void refusesACallOfAnotherTenant() {
        assertThatThrownBy(() -> client.record(call().setTenant("other").build()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid ModelCall: tenant: must be unset or this client's tenant 'acme' (was 'other')");
    }

    @Test
    void refusesFeedbackNamingEveryBrokenFieldAndRule() {
        assertThatThrownBy(() -> client.feedback(Feedback.newBuilder()
                .setEventId("f-1").setTimestamp(Instant.now()).setTenant("other").setCallEventId("")
                .setRating(5).setOverall(0).build()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid Feedback: tenant: must be unset or this client's tenant 'acme' (was 'other'); "
                        + "callEventId: must not be blank; rating: must be -1, 0 or 1 (was 5); "
                        + "overall: must be between 1 and 5 (was 0)");
    }

    @Test
    void refusesARoutingDecisionThatTellsTwoStories() {
        LayerAttempt keyword = LayerAttempt.newBuilder().setLayerId("keyword").setConfidence(0.92).setThreshold(0.8)
                .setAccepted(true).setTarget("billing").setLatencyMs(1.5).build();
        assertThatThrownBy(() -> client.recordRoutingDecision(RoutingDecision.newBuilder().setDecisionId("d-1").setTimestamp(Instant.now())
                .setLayers(List.of(keyword)).setClarified(true).setTotalLatencyMs(1.5).build()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid RoutingDecision: clarified: must be true exactly when no layer accepted (was true); "
                        + "finalLayer: must be the layerId of the accepting layer, keyword (was null)");
    }

    @Test
    void refusesARoutingOutcomeWithoutItsDecision() {
        assertThatThrownBy(() -> client.recordRoutingOutcome(RoutingOutcome.newBuilder().setEventId("o-1").setTimestamp(Instant.now())
                .setDecisionId(" ").setCompleted(true).setQualityScore(-1.0).build()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid RoutingOutcome: decisionId: must not be blank; qualityScore: must be a finite number between 0 and 1 (was -1.0)");
    }

    @Test
    void refusesAComparisonWhoseWinnerDidNotTakePart() {
        assertThatThrownBy(() -> client.recordComparison(Comparison.newBuilder().setEventId("c-1").setTimestamp(Instant.now())
                .setCategory("code").setEntries(List.of(ComparisonEntry.newBuilder().setModel("a").build(),
                        ComparisonEntry.newBuilder().setModel("b").build())).setWinner("c").build()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid Comparison: winner: must be the model of one of the entries (was c)");
    }

    @Test
    void refusesAJudgmentThatSpentMoreThinkingThanItsBudget() {
        assertThatThrownBy(() -> client.recordJudgment(Judgment.newBuilder().setEventId("j-1").setTimestamp(Instant.now())
                .setCallEventId("call-1").setJudge("rubric").setThinkingBudgetTokens(100L).setThinkingTokensUsed(101L).build()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid Judgment: thinkingTokensUsed: must not exceed thinkingBudgetTokens (101 > 100)");
    }

    @Test
    void refusesAnIncompleteConfiguration() {
        assertThatThrownBy(() -> ModelPerfClient.builder().tenant("Bad Tenant").build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Invalid ModelPerfClient configuration: bootstrapServers: must be set; "
                        + "registryUrl: must be set (or a schemaRegistry given); tenant: must match [a-z0-9][a-z0-9_-]{0,63}");
    }
}
