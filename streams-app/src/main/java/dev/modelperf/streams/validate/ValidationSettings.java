package dev.modelperf.streams.validate;

import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.schemas.validation.JudgmentRules;
import dev.modelperf.schemas.validation.ModelCallRules;
import java.time.Duration;

/**
 * What the validators need: how far in the future an event may be stamped, and how old a call
 * may be before its minute is gone from the 1-minute store and it would be counted nowhere.
 *
 * @param maxFutureSkew  how far past "now" a call's or feedback's timestamp may lie
 * @param maxCallCostUsd the most one call may cost
 * @param lateAfter      a call older than this is rejected as late
 */
public record ValidationSettings(Duration maxFutureSkew, double maxCallCostUsd, Duration lateAfter) {

    public ModelCallRules callRules() {
        return new ModelCallRules(maxFutureSkew, maxCallCostUsd);
    }

    public FeedbackRules feedbackRules() {
        return new FeedbackRules(maxFutureSkew);
    }

    public JudgmentRules judgmentRules() {
        return new JudgmentRules(maxFutureSkew);
    }
}
