package dev.modelperf.schemas.validation;

import dev.modelperf.events.Judgment;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules a {@link Judgment} must satisfy, shared by the producer client, HTTP ingest and the
 * pipeline: ids and judge bounded like a call's names; at most {@value #MAX_CRITERIA} criteria,
 * each named like an attribute key and scored 0..1; thinking tokens bounded like a call's tokens,
 * with no more used than budgeted when both are given.
 */
public final class JudgmentRules {

    public static final int MAX_CRITERIA = 32;
    public static final int MAX_CRITERION_LENGTH = 64;

    private final long maxFutureSkewMs;

    /** {@code maxFutureSkew}: how far past "now" an event's timestamp may lie (clock skew allowance). */
    public JudgmentRules(Duration maxFutureSkew) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Every rule {@code judgment} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(Judgment judgment, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        FieldChecks.text(violations, "eventId", judgment.getEventId(), ModelCallRules.MAX_ID_LENGTH);
        FieldChecks.timestamp(violations, judgment.getTimestamp(), nowMs, maxFutureSkewMs);
        FieldChecks.tenant(violations, judgment.getTenant());
        FieldChecks.text(violations, "callEventId", judgment.getCallEventId(), ModelCallRules.MAX_ID_LENGTH);
        FieldChecks.text(violations, "judge", judgment.getJudge(), ModelCallRules.MAX_NAME_LENGTH);
        scores(violations, judgment.getScores());
        FieldChecks.unitInterval(violations, "overallScore", judgment.getOverallScore());
        FieldChecks.tokens(violations, "thinkingBudgetTokens", judgment.getThinkingBudgetTokens());
        FieldChecks.tokens(violations, "thinkingTokensUsed", judgment.getThinkingTokensUsed());
        Long budget = judgment.getThinkingBudgetTokens();
        Long used = judgment.getThinkingTokensUsed();
        if (budget != null && used != null && used > budget) {
            violations.add(new Violation("thinkingTokensUsed", "must not exceed thinkingBudgetTokens (" + used + " > " + budget + ")"));
        }
        FieldChecks.unitInterval(violations, "minimality", judgment.getMinimality());
        FieldChecks.optionalText(violations, "model", judgment.getModel(), ModelCallRules.MAX_NAME_LENGTH);
        if (judgment.getCategory() != null && !CategoryPath.isPath(judgment.getCategory())) {
            violations.add(new Violation("category", FieldChecks.CATEGORY_RULE));
        }
        FieldChecks.freeText(violations, "comment", judgment.getComment(), FeedbackRules.MAX_COMMENT_LENGTH);
        return violations;
    }

    private static void scores(List<Violation> violations, Map<String, Double> scores) {
        if (scores == null) {
            return;
        }
        if (scores.size() > MAX_CRITERIA) {
            violations.add(new Violation("scores", "must have at most " + MAX_CRITERIA + " criteria (had " + scores.size() + ")"));
            return;
        }
        scores.forEach((criterion, score) -> {
            if (criterion.isEmpty() || criterion.length() > MAX_CRITERION_LENGTH) {
                violations.add(new Violation("scores", "criteria must be 1 to " + MAX_CRITERION_LENGTH + " characters (was \""
                        + criterion.substring(0, Math.min(criterion.length(), MAX_CRITERION_LENGTH)) + "\")"));
            } else if (FieldChecks.name(criterion) != null) {
                violations.add(new Violation("scores", "criteria " + FieldChecks.name(criterion)));
            } else {
                FieldChecks.unitInterval(violations, "scores." + criterion, score);
            }
        });
    }
}
