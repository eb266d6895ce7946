package dev.modelperf.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.FeedbackSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedbackRulesTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final FeedbackRules rules = new FeedbackRules(Duration.ofMinutes(5));

    private static Feedback.Builder feedback() {
        return Feedback.newBuilder()
                .setEventId("f-1")
                .setTimestamp(NOW)
                .setCallEventId("c-1")
                .setSource(FeedbackSource.USER);
    }

    @Test
    void acceptsAThumbAndScoresInRange() {
        assertThat(rules.check(feedback().setRating(-1).setRelevance(1).setOverall(5).setCategory("code/backend").build(),
                NOW.toEpochMilli())).isEmpty();
    }

    @Test
    void namesEveryBrokenField() {
        Feedback bad = feedback()
                .setEventId(" ")
                .setTimestamp(NOW.plus(Duration.ofMinutes(10)))
                .setTenant("Acme")
                .setCallEventId("x".repeat(129))
                .setRating(2)
                .setRelevance(0)
                .setAccuracy(6)
                .setHelpfulness(3)
                .setCreativity(-1)
                .setOverall(9)
                .setModel("")
                .setCategory("Code/Backend")
                .setComment("c".repeat(2001))
                .build();
        assertThat(rules.check(bad, NOW.toEpochMilli())).extracting(Violation::toString).containsExactly(
                "eventId: must not be blank",
                "timestamp: must not be more than 300000 ms in the future (was 600000 ms ahead)",
                "tenant: must match [a-z0-9][a-z0-9_-]{0,63}",
                "callEventId: must be at most 128 characters (was 129)",
                "rating: must be -1, 0 or 1 (was 2)",
                "relevance: must be between 1 and 5 (was 0)",
                "accuracy: must be between 1 and 5 (was 6)",
                "creativity: must be between 1 and 5 (was -1)",
                "overall: must be between 1 and 5 (was 9)",
                "model: must not be blank",
                "category: must be 1-4 '/'-separated segments of [a-z0-9_-] (e.g. code/backend/api)",
                "comment: must be at most 2000 characters (was 2001)");
    }

    @Test
    void hostileTimestampsAndTextAreViolations() {
        Feedback bad = feedback()
                .setTimestamp(Instant.parse("+999999999-12-31T23:59:59Z"))
                .setCallEventId("c\uDC00")
                .setModel("\u200Bgpt-4o")
                .setComment("fine\nthen \u0000")
                .build();
        assertThat(rules.check(bad, NOW.toEpochMilli())).extracting(Violation::toString).containsExactly(
                "timestamp: must not be more than 300000 ms in the future (was +999999999-12-31T23:59:59Z)",
                "callEventId: must be valid UTF-16 (lone surrogate U+DC00 at index 1)",
                "model: must be printable: no control, invisible or unassigned character (U+200B at index 0)",
                "comment: must not contain control characters other than tab and line breaks (U+0000 at index 10)");
    }
}
