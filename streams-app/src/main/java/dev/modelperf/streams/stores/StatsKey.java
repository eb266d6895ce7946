package dev.modelperf.streams.stores;

/**
 * Key of an aggregate: (tenant, category, model), encoded {@code tenant|category|model}. Tenant
 * and category patterns exclude {@code |}, so the model name may hold any character.
 */
public record StatsKey(String tenant, String category, String model) {

    public String encode() {
        return tenant + '|' + category + '|' + model;
    }

    public static StatsKey decode(String encoded) {
        int first = encoded.indexOf('|');
        int second = first < 0 ? -1 : encoded.indexOf('|', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("stats key must be tenant|category|model (was " + encoded + ")");
        }
        return new StatsKey(encoded.substring(0, first), encoded.substring(first + 1, second), encoded.substring(second + 1));
    }
}
