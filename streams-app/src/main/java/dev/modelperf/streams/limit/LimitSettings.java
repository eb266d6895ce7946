package dev.modelperf.streams.limit;

/**
 * How many distinct names a tenant may bring, from the {@code limits.*} settings: each model and
 * each category level costs state that is kept, scanned and replicated for as long as it lives,
 * so a tenant sending random names must run into a wall rather than into the memory of every instance.
 *
 * @param modelsPerTenant     distinct model names a tenant may have
 * @param categoriesPerTenant distinct category levels a tenant may have ({@code code/backend/api} is three:
 *                            {@code code}, {@code code/backend} and itself; {@code *} is free)
 */
public record LimitSettings(int modelsPerTenant, int categoriesPerTenant) {

    public static final String MODELS_KEY = "limits.models.per.tenant";
    public static final String CATEGORIES_KEY = "limits.categories.per.tenant";

    public LimitSettings {
        if (modelsPerTenant < 1 || categoriesPerTenant < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }

    /** More models than any gateway offers a tenant today, and categories for a deep tree of tasks. */
    public static LimitSettings defaults() {
        return new LimitSettings(500, 1_000);
    }
}
