package dev.modelperf.streams.comparison;

import dev.modelperf.schemas.validation.ComparisonRules;
import java.time.Duration;

/**
 * How the ratings per category level are kept.
 *
 * @param maxModels       the most models one level's pairwise counts hold per day and per window (those in the most
 *                        comparisons); at least {@link ComparisonRules#MAX_ENTRIES}, so that any comparison fits
 * @param refreshInterval how often (wall clock) levels with new comparisons are fitted again
 */
public record RatingSettings(int maxModels, Duration refreshInterval) {

    public static final int MIN_MODELS = ComparisonRules.MAX_ENTRIES;

    public RatingSettings {
        if (maxModels < MIN_MODELS) {
            throw new IllegalArgumentException("ratings.max.models must be at least " + MIN_MODELS
                    + " (the most answers one comparison may hold) (was " + maxModels + ")");
        }
    }

    /** The defaults of the {@code ratings.*} settings. */
    public static RatingSettings defaults() {
        return new RatingSettings(64, Duration.ofSeconds(1));
    }
}
