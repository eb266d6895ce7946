package dev.modelperf.schemas.keys;

/**
 * The record key of one model's decision figures in one (tenant, category level), encoded
 * {@code tenant|category|model}. Neither tenants nor category levels contain {@code |}, so the
 * first two are the separators whatever the model name. Keyed per model, not per level: a
 * level's models live on several partitions, held by several server instances, and each
 * instance publishes only the models it holds without overwriting another's.
 */
public record DecisionKey(String tenant, String category, String model) {

    private static final char SEPARATOR = '|';

    public String encode() {
        return tenant + SEPARATOR + category + SEPARATOR + model;
    }

    /** Parses an encoded key; throws {@link IllegalArgumentException} when it is not one. */
    public static DecisionKey decode(String encoded) {
        int first = encoded == null ? -1 : encoded.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : encoded.indexOf(SEPARATOR, first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("decision key must be tenant|category|model (was " + encoded + ")");
        }
        return new DecisionKey(encoded.substring(0, first), encoded.substring(first + 1, second), encoded.substring(second + 1));
    }

    @Override
    public String toString() {
        return encode();
    }
}
