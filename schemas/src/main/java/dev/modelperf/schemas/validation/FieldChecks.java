package dev.modelperf.schemas.validation;

import dev.modelperf.schemas.category.CategoryPath;
import java.util.List;

/** The checks {@link ModelCallRules} and {@link FeedbackRules} share, so that both word a broken rule alike. */
final class FieldChecks {

    static final String CATEGORY_RULE = "must be " + CategoryPath.RULE + " (e.g. code/backend/api)";

    private FieldChecks() {
    }

    static void text(List<Violation> violations, String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "must not be blank"));
        } else {
            optionalText(violations, field, value, maxLength);
        }
    }

    static void optionalText(List<Violation> violations, String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            violations.add(new Violation(field, "must be at most " + maxLength + " characters (was " + value.length() + ")"));
        }
    }

    static void timestamp(List<Violation> violations, long timestamp, long nowMs, long maxFutureSkewMs) {
        if (timestamp <= 0) {
            violations.add(new Violation("timestamp", "must be after 1970-01-01T00:00:00Z"));
        } else if (timestamp > nowMs + maxFutureSkewMs) {
            violations.add(new Violation("timestamp", "must not be more than " + maxFutureSkewMs
                    + " ms in the future (was " + (timestamp - nowMs) + " ms ahead)"));
        }
    }

    static void tenant(List<Violation> violations, String tenant) {
        if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
            violations.add(new Violation("tenant", "must match " + ModelCallRules.TENANT.pattern()));
        }
    }
}
