package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.events.Feedback;
import dev.modelperf.query.analytics.SummaryController.Summary;
import dev.modelperf.query.stats.StatsView;
import dev.modelperf.streams.stores.CallStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo shows its first table only once the API counts the backfill's feedback as well as its calls. */
class BackfillCountedTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private final JsonNode rankings = json("""
            {"models": [{"model": "m1", "samples": 3}, {"model": "m2", "samples": 2}]}""");

    @Test
    void callsCountedButFeedbackNotYetIsNotEnough() {
        BackfillCounted counted = BackfillCounted.of(rankings, summaryWithFeedback(0));

        assertThat(counted).isEqualTo(new BackfillCounted(5, 0));
        assertThat(counted.reaches(5, 2)).isFalse();
    }

    @Test
    void readsTheFeedbackCountOfTheSummaryTheServerAnswers() {
        BackfillCounted counted = BackfillCounted.of(rankings, summaryWithFeedback(2));

        assertThat(counted).isEqualTo(new BackfillCounted(5, 2));
        assertThat(counted.reaches(5, 2)).isTrue();
        assertThat(counted.reaches(6, 2)).isFalse();
    }

    /** A summary serialized from the server's own records, so a renamed field fails here. */
    private JsonNode summaryWithFeedback(int feedbackEvents) {
        CallStats totals = new CallStats();
        for (int i = 0; i < feedbackEvents; i++) {
            totals.addFeedback(Feedback.newBuilder().setEventId("f" + i).setTimestamp(Instant.parse("2026-12-02T04:00:00Z"))
                    .setCallEventId("c" + i).setRating(1).build());
        }
        Summary summary = new Summary("default", 1, StatsView.of(totals), Map.of(), Map.of(), Map.of(), Map.of(), List.of());
        return mapper.valueToTree(summary);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
