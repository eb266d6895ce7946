package dev.modelperf.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ComparisonRulesTest {

    private static final long NOW = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
    private final ComparisonRules rules = new ComparisonRules(Duration.ofMinutes(5));

    private static ComparisonEntry entry(String model, Double score) {
        return ComparisonEntry.newBuilder().setModel(model).setScore(score).build();
    }

    private static Comparison.Builder valid() {
        return Comparison.newBuilder().setEventId("c-1").setTimestamp(Instant.ofEpochMilli(NOW)).setTenant("acme")
                .setCategory("code/backend").setEntries(List.of(entry("gpt-4o", 0.9), entry("claude", 0.7)))
                .setWinner("gpt-4o").setConsensusScore(0.8);
    }

    @Test
    void aValidComparisonBreaksNoRule() {
        assertThat(rules.check(valid().build(), NOW)).isEmpty();
    }

    @Test
    void aWinnerMustBeOneOfTheEntriesAndNeverComeWithATie() {
        assertThat(rules.check(valid().setWinner("mistral").build(), NOW))
                .containsExactly(new Violation("winner", "must be the model of one of the entries (was mistral)"));
        assertThat(rules.check(valid().setTie(true).build(), NOW))
                .containsExactly(new Violation("winner", "must be absent when tie is true (was gpt-4o)"));
    }

    @Test
    void entriesAreCountedAndTheirModelsUnique() {
        assertThat(rules.check(valid().setEntries(List.of(entry("a", null))).setWinner(null).build(), NOW))
                .containsExactly(new Violation("entries", "must hold 2 to 16 answers (had 1)"));
        assertThat(rules.check(valid().setEntries(IntStream.range(0, 17).mapToObj(i -> entry("m" + i, null)).toList())
                .setWinner(null).build(), NOW)).containsExactly(new Violation("entries", "must hold 2 to 16 answers (had 17)"));
        assertThat(rules.check(valid().setEntries(List.of(entry("a", null), entry("a", null))).setWinner(null).build(), NOW))
                .containsExactly(new Violation("entries[1].model", "must be unique within a comparison (a answered twice)"));
    }

    @Test
    void scoresAndConsensusAreShares() {
        assertThat(rules.check(valid().setEntries(List.of(entry("gpt-4o", 1.5), entry("claude", Double.NaN)))
                .setConsensusScore(-0.1).build(), NOW)).containsExactlyInAnyOrder(
                        new Violation("entries[0].score", "must be a finite number between 0 and 1 (was 1.5)"),
                        new Violation("entries[1].score", "must be a finite number between 0 and 1 (was NaN)"),
                        new Violation("consensusScore", "must be a finite number between 0 and 1 (was -0.1)"));
    }
}
