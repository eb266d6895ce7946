package dev.modelperf.client.category;

import dev.modelperf.schemas.validation.ModelCallRules;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One category's evidence: keywords (whole words or phrases, a trailing {@code *} for any ending)
 * and regular expressions, with a weight that scales its score. See {@link CategoryRules} for the
 * file format.
 */
public record CategoryRule(String category, List<String> keywords, List<Pattern> patterns, double weight) {

    public CategoryRule {
        if (category == null || !ModelCallRules.CATEGORY.matcher(category).matches()) {
            throw new IllegalArgumentException("category must be 1-4 '/'-separated segments of [a-z0-9_-] (was " + category + ")");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of " + category + " must be a finite number > 0 (was " + weight + ")");
        }
        keywords = List.copyOf(keywords);
        patterns = List.copyOf(patterns);
    }

    /** Whether {@code other} is this category or one of its ancestors ({@code code} for {@code code/backend}). */
    boolean isWithin(String other) {
        return category.equals(other) || category.startsWith(other + "/");
    }
}
