package dev.modelperf.client.category;

import dev.modelperf.schemas.category.CategoryPath;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One category's evidence: keywords (whole words or phrases, a trailing {@code *} for any ending)
 * and regular expressions, with a weight that scales its score. See {@link CategoryRules} for the
 * file format.
 */
public record CategoryRule(String category, List<String> keywords, List<Pattern> patterns, double weight) {

    public CategoryRule {
        CategoryPath.parse(category);
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of " + category + " must be a finite number > 0 (was " + weight + ")");
        }
        keywords = List.copyOf(keywords);
        patterns = List.copyOf(patterns);
    }
}
