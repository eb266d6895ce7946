package dev.modelperf.toolbox.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.schemas.validation.ModelCallRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyntheticTrafficTest {

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void theSameSeedGivesTheSameEventsAndFeedbackCountsDoNotDependOnTime() {
        SyntheticTraffic a = new SyntheticTraffic(7);
        SyntheticTraffic b = new SyntheticTraffic(7);
        SyntheticTraffic laterTimes = new SyntheticTraffic(7);
        int feedbackA = 0;
        int feedbackLater = 0;
        for (int i = 0; i < 2_000; i++) {
            ModelCall call = a.next(T0.plusSeconds(i));
            assertThat(b.next(T0.plusSeconds(i))).isEqualTo(call);
            Optional<Feedback> judgement = a.feedbackFor(call);
            assertThat(b.feedbackFor(call)).isEqualTo(judgement);
            feedbackA += judgement.isPresent() ? 1 : 0;
            ModelCall other = laterTimes.next(T0.plus(Duration.ofDays(3)).plusSeconds(i * 7L));
            assertThat(other.getEventId()).isEqualTo(call.getEventId());
            feedbackLater += laterTimes.feedbackFor(other).isPresent() ? 1 : 0;
        }
        assertThat(feedbackLater).isEqualTo(feedbackA);
        assertThat(feedbackA).isBetween(300, 500);
    }

    @Test
    void everyEventIsValid() {
        SyntheticTraffic traffic = new SyntheticTraffic(1, 1.0);
        ModelCallRules callRules = new ModelCallRules(Duration.ofMinutes(5));
        FeedbackRules feedbackRules = new FeedbackRules(Duration.ofMinutes(5));
        long now = T0.plus(Duration.ofDays(1)).toEpochMilli();
        for (int i = 0; i < 5_000; i++) {
            ModelCall call = traffic.next(T0.plusSeconds(i));
            assertThat(callRules.check(call, now)).as("call %s", call).isEmpty();
            Feedback feedback = traffic.feedbackFor(call).orElseThrow();
            assertThat(feedbackRules.check(feedback, now)).as("feedback %s", feedback).isEmpty();
            assertThat(feedback.getCallEventId()).isEqualTo(call.getEventId());
            if (feedback.getSource() == FeedbackSource.JUDGE) {
                assertThat(feedback.getModel()).isEqualTo(call.getModel());
            }
            if (call.getStatus() != CallStatus.OK) {
                assertThat(feedback.getRating()).isEqualTo(-1);
            }
        }
    }

    @Test
    void outagesStartAndStopAndNearlyEveryCallInOneFails() {
        SyntheticTraffic traffic = new SyntheticTraffic(3);
        String model = "openai/gpt-4o";
        Instant at = T0;
        Optional<SyntheticTraffic.Outage> outage = Optional.empty();
        for (int minute = 0; minute < 24 * 60 && outage.isEmpty(); minute++) {
            at = T0.plus(Duration.ofMinutes(minute));
            outage = traffic.outageAt(model, at);
        }
        assertThat(outage).as("an outage within a day").isPresent();
        SyntheticTraffic.Outage window = outage.get();
        assertThat(Duration.between(window.start(), window.end())).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(5));
        assertThat(traffic.outageAt(model, window.start().minusMillis(1))).isEmpty();
        assertThat(traffic.outageAt(model, window.end())).isEmpty();
        assertThat(traffic.outageAt(model, window.start())).contains(window);

        double during = successRate(traffic, model, window.start().plusSeconds(30));
        double after = successRate(traffic, model, window.end().plusSeconds(1));
        assertThat(during).isLessThan(0.2);
        assertThat(after).isGreaterThan(0.9);
    }

    private static double successRate(SyntheticTraffic traffic, String model, Instant at) {
        List<ModelCall> calls = new ArrayList<>();
        while (calls.size() < 300) {
            ModelCall call = traffic.next(at);
            if (call.getModel().equals(model)) {
                calls.add(call);
            }
        }
        return calls.stream().filter(c -> c.getStatus() == CallStatus.OK).count() / (double) calls.size();
    }

    @Test
    void modelsBehaveDifferentlyPerCategory() {
        assertThat(SyntheticTraffic.quality("anthropic/claude-sonnet-4", "code/backend/api"))
                .isGreaterThan(SyntheticTraffic.quality("anthropic/claude-sonnet-4", "math/reasoning"));
        assertThat(SyntheticTraffic.quality("deepseek/deepseek-chat", "math/reasoning"))
                .isGreaterThan(SyntheticTraffic.quality("llama3:70b", "math/reasoning"));

        SyntheticTraffic traffic = new SyntheticTraffic(5);
        double summarizationInput = 0;
        double supportInput = 0;
        int summarization = 0;
        int support = 0;
        for (int i = 0; i < 5_000; i++) {
            ModelCall call = traffic.next(T0);
            if (call.getCategory().equals("summarization/documents")) {
                summarizationInput += call.getInputTokens();
                summarization++;
            } else if (call.getCategory().equals("support/customer")) {
                supportInput += call.getInputTokens();
                support++;
            }
        }
        assertThat(summarizationInput / summarization).isGreaterThan(10 * supportInput / support);
    }
}
