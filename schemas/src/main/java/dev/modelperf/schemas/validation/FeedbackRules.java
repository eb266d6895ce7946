package dev.modelperf.schemas.validation;

import dev.modelperf.events.Feedback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a {@link Feedback} must satisfy, shared by the producer client and the pipeline, so
 * both give the same reason.
 */
public final class FeedbackRules {

    public static final int MAX_COMMENT_LENGTH = 2000;

    private final long maxFutureSkewMs;

    public FeedbackRules(Duration maxFutureSkew) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Every rule {@code feedback} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(Feedback feedback, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        id(violations, "eventId", feedback.getEventId());
        id(violations, "callEventId", feedback.getCallEventId());
        long timestamp = feedback.getTimestamp().toEpochMilli();
        if (timestamp <= 0) {
            violations.add(new Violation("timestamp", "must be after 1970-01-01T00:00:00Z"));
        } else if (timestamp > nowMs + maxFutureSkewMs) {
            violations.add(new Violation("timestamp", "must not be more than " + maxFutureSkewMs
                    + " ms in the future (was " + (timestamp - nowMs) + " ms ahead)"));
        }
        if (feedback.getTenant() == null || !ModelCallRules.TENANT.matcher(feedback.getTenant()).matches()) {
            violations.add(new Violation("tenant", "must match " + ModelCallRules.TENANT.pattern()));
        }
        Integer rating = feedback.getRating();
        if (rating != null && (rating < -1 || rating > 1)) {
            violations.add(new Violation("rating", "must be -1, 0 or 1 (was " + rating + ")"));
        }
        score(violations, "relevance", feedback.getRelevance());
        score(violations, "accuracy", feedback.getAccuracy());
        score(violations, "helpfulness", feedback.getHelpfulness());
        score(violations, "creativity", feedback.getCreativity());
        score(violations, "overall", feedback.getOverall());
        if (feedback.getModel() != null && (feedback.getModel().isBlank()
                || feedback.getModel().length() > ModelCallRules.MAX_NAME_LENGTH)) {
            violations.add(new Violation("model", "must be 1 to " + ModelCallRules.MAX_NAME_LENGTH + " characters when present"));
        }
        if (feedback.getCategory() != null && !ModelCallRules.CATEGORY.matcher(feedback.getCategory()).matches()) {
            violations.add(new Violation("category", "must be 1-4 '/'-separated segments of [a-z0-9_-] when present"));
        }
        if (feedback.getComment() != null && feedback.getComment().length() > MAX_COMMENT_LENGTH) {
            violations.add(new Violation("comment", "must be at most " + MAX_COMMENT_LENGTH + " characters (was "
                    + feedback.getComment().length() + ")"));
        }
        return violations;
    }

    private static void id(List<Violation> violations, String field, String value) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "must not be blank"));
        } else if (value.length() > ModelCallRules.MAX_ID_LENGTH) {
            violations.add(new Violation(field, "must be at most " + ModelCallRules.MAX_ID_LENGTH + " characters (was "
                    + value.length() + ")"));
        }
    }

    private static void score(List<Violation> violations, String field, Integer score) {
        if (score != null && (score < 1 || score > 5)) {
            violations.add(new Violation(field, "must be between 1 and 5 (was " + score + ")"));
        }
    }
}
