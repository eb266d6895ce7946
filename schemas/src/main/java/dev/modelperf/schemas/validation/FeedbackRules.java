package dev.modelperf.schemas.validation;

import dev.modelperf.events.Feedback;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a {@link Feedback} must satisfy, shared by the producer client, HTTP ingest and the
 * pipeline, so that each gives the same reason: ids non-blank and bounded, thumbs rating -1..1,
 * scores 1..5, model and category (when given) shaped as in a {@code ModelCall}.
 */
public final class FeedbackRules {

    public static final int MAX_COMMENT_LENGTH = 2000;
    public static final int MIN_SCORE = 1;
    public static final int MAX_SCORE = 5;

    private final long maxFutureSkewMs;

    /** {@code maxFutureSkew}: how far past "now" an event's timestamp may lie (clock skew allowance). */
    public FeedbackRules(Duration maxFutureSkew) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Every rule {@code feedback} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(Feedback feedback, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        FieldChecks.text(violations, "eventId", feedback.getEventId(), ModelCallRules.MAX_ID_LENGTH);
        FieldChecks.timestamp(violations, feedback.getTimestamp(), nowMs, maxFutureSkewMs);
        FieldChecks.tenant(violations, feedback.getTenant());
        FieldChecks.text(violations, "callEventId", feedback.getCallEventId(), ModelCallRules.MAX_ID_LENGTH);
        Integer rating = feedback.getRating();
        if (rating != null && (rating < -1 || rating > 1)) {
            violations.add(new Violation("rating", ratingRule(rating)));
        }
        score(violations, "relevance", feedback.getRelevance());
        score(violations, "accuracy", feedback.getAccuracy());
        score(violations, "helpfulness", feedback.getHelpfulness());
        score(violations, "creativity", feedback.getCreativity());
        score(violations, "overall", feedback.getOverall());
        if (feedback.getModel() != null) {
            FieldChecks.text(violations, "model", feedback.getModel(), ModelCallRules.MAX_NAME_LENGTH);
        }
        if (feedback.getCategory() != null && !CategoryPath.isPath(feedback.getCategory())) {
            violations.add(new Violation("category", FieldChecks.CATEGORY_RULE));
        }
        FieldChecks.freeText(violations, "comment", feedback.getComment(), MAX_COMMENT_LENGTH);
        return violations;
    }

    /** The rating rule, worded for a value {@code was}: also for JSON values that do not fit the schema's int. */
    public static String ratingRule(Number was) {
        return "must be -1, 0 or 1 (was " + was + ")";
    }

    /** The rule of a 1..5 score, worded for a value {@code was}: also for JSON values that do not fit the schema's int. */
    public static String scoreRule(Number was) {
        return "must be between " + MIN_SCORE + " and " + MAX_SCORE + " (was " + was + ")";
    }

    private static void score(List<Violation> violations, String field, Integer score) {
        if (score != null && (score < MIN_SCORE || score > MAX_SCORE)) {
            violations.add(new Violation(field, scoreRule(score)));
        }
    }
}
