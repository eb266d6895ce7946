package dev.modelperf.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.Judgment;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgmentRulesTest {

    private static final long NOW = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
    private final JudgmentRules rules = new JudgmentRules(Duration.ofMinutes(5));

    private static Judgment.Builder valid() {
        return Judgment.newBuilder().setEventId("j-1").setTimestamp(Instant.ofEpochMilli(NOW)).setTenant("acme")
                .setCallEventId("call-1").setJudge("gpt-4o-judge").setScores(Map.of("correctness", 0.9, "style", 0.5))
                .setThinkingBudgetTokens(4000L).setThinkingTokensUsed(1200L).setMinimality(0.7);
    }

    @Test
    void aValidJudgmentBreaksNoRule() {
        assertThat(rules.check(valid().build(), NOW)).isEmpty();
    }

    @Test
    void criteriaAreNamedAndScoredAsShares() {
        assertThat(rules.check(valid().setScores(Map.of("correctness", 1.2)).build(), NOW))
                .containsExactly(new Violation("scores.correctness", "must be a finite number between 0 and 1 (was 1.2)"));
        assertThat(rules.check(valid().setScores(Map.of("bad\u0000name", 0.5)).build(), NOW))
                .singleElement().extracting(Violation::field).isEqualTo("scores");
    }

    @Test
    void noMoreThinkingIsUsedThanBudgeted() {
        assertThat(rules.check(valid().setThinkingTokensUsed(5000L).build(), NOW))
                .containsExactly(new Violation("thinkingTokensUsed", "must not exceed thinkingBudgetTokens (5000 > 4000)"));
    }

    @Test
    void theJudgeAndTheCallAreRequired() {
        assertThat(rules.check(valid().setJudge(" ").setCallEventId("").build(), NOW)).containsExactlyInAnyOrder(
                new Violation("judge", "must not be blank"), new Violation("callEventId", "must not be blank"));
    }
}
