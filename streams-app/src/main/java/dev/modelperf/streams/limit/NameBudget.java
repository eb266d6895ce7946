package dev.modelperf.streams.limit;

import dev.modelperf.schemas.category.CategoryPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Checks names against a tenant's limits over the {@value LimitTopology#TENANT_NAMES} store, with a
 * count per kind so that a check costs a few point reads however many names the tenant has. The
 * names a check admits are held as {@link #additions()} until the caller writes them (the stream)
 * or drops them (ingest, which checks a whole batch as the stream would, in order, and writes nothing).
 * Keys are {@code tenant NUL kind NUL name} for a name and {@code tenant NUL kind} for its count:
 * names are printable, so they never contain NUL.
 */
public final class NameBudget {

    private static final char SEP = '\u0000';
    private static final String MODEL = "m";
    private static final String CATEGORY = "c";

    private final ReadOnlyKeyValueStore<String, Long> store;
    private final LimitSettings limits;
    private final Map<String, Long> additions = new HashMap<>();

    public NameBudget(ReadOnlyKeyValueStore<String, Long> store, LimitSettings limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Why a name does not fit: the event's field, the setting and its value, and a sentence naming all of them. */
    public record Refusal(String field, String setting, int limit, String message) {
    }

    /**
     * Admits the tenant's model and category levels (into {@link #additions()}) and returns null, or
     * returns why they do not fit, admitting neither: an event is counted whole or not at all.
     */
    public Refusal admit(String tenant, String model, String category, long at) {
        boolean newModel = get(nameKey(tenant, MODEL, model)) == null;
        long models = count(tenant, MODEL);
        if (newModel && models >= limits.modelsPerTenant()) {
            return new Refusal("model", LimitSettings.MODELS_KEY, limits.modelsPerTenant(), "limit reached: tenant '" + tenant
                    + "' already has " + models + " models, the most " + LimitSettings.MODELS_KEY + " (" + limits.modelsPerTenant()
                    + ") allows; model '" + model + "' would be one more");
        }
        List<String> newLevels = newLevels(tenant, category);
        long categories = count(tenant, CATEGORY);
        if (categories + newLevels.size() > limits.categoriesPerTenant()) {
            return new Refusal("category", LimitSettings.CATEGORIES_KEY, limits.categoriesPerTenant(), "limit reached: tenant '"
                    + tenant + "' already has " + categories + " category levels, the most " + LimitSettings.CATEGORIES_KEY + " ("
                    + limits.categoriesPerTenant() + ") allows; category '" + category + "' would add " + newLevels.size() + " "
                    + newLevels);
        }
        if (newModel) {
            additions.put(nameKey(tenant, MODEL, model), at);
            additions.put(countKey(tenant, MODEL), models + 1);
        }
        if (!newLevels.isEmpty()) {
            newLevels.forEach(level -> additions.put(nameKey(tenant, CATEGORY, level), at));
            additions.put(countKey(tenant, CATEGORY), categories + newLevels.size());
        }
        return null;
    }

    /** The entries admitted names add or change, for the store. */
    public Map<String, Long> additions() {
        return Map.copyOf(additions);
    }

    private List<String> newLevels(String tenant, String category) {
        List<String> fresh = new ArrayList<>(4);
        for (String level : CategoryPath.levels(category)) {
            if (!CategoryPath.ROOT.equals(level) && get(nameKey(tenant, CATEGORY, level)) == null) {
                fresh.add(level);
            }
        }
        return fresh;
    }

    private long count(String tenant, String kind) {
        Long count = get(countKey(tenant, kind));
        return count == null ? 0 : count;
    }

    private Long get(String key) {
        Long added = additions.get(key);
        return added != null ? added : store.get(key);
    }

    private static String nameKey(String tenant, String kind, String name) {
        return tenant + SEP + kind + SEP + name;
    }

    private static String countKey(String tenant, String kind) {
        return tenant + SEP + kind;
    }
}
