package dev.modelperf.streams.comparison;

/**
 * The ratings' stores and how they are keyed. Every store is keyed {@code tenant|level}, the key
 * comparisons are repartitioned by, so a level's days and ratings live on the partition that key
 * hashes to: the query API finds the owning instance with that same key.
 */
public final class RatingStores {

    /** Per tenant|level, one pairwise matrix per UTC day, kept for the longest window. */
    public static final String DAILY_PAIRS = "comparison-pairs-daily";
    /** Tenant|level keys with comparisons not yet fitted (survives a restart, so none is missed). */
    public static final String PENDING = "comparison-ratings-pending";
    /** Per tenant|level, the latest {@link LevelRatings}: what {@code GET /api/v1/ratings} reads. */
    public static final String RATINGS = "comparison-ratings";

    private RatingStores() {
    }

    public static String key(String tenant, String level) {
        return tenant + "|" + level;
    }
}
