package dev.modelperf.schemas.keys;

import dev.modelperf.schemas.validation.ModelCallRules;

/**
 * The record key of one cascade layer of one tenant, encoded {@code tenant|layerId}: the key of
 * the compacted thresholds topic, so that its latest record per layer is the threshold in force.
 * Tenants contain no {@code |}, so the first one is the separator whatever the layer id.
 */
public record LayerKey(String tenant, String layerId) {

    private static final char SEPARATOR = '|';

    public LayerKey {
        if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must match " + ModelCallRules.TENANT.pattern() + " (was " + tenant + ")");
        }
        if (layerId == null || layerId.isEmpty()) {
            throw new IllegalArgumentException("layerId must not be empty");
        }
    }

    public String encode() {
        return tenant + SEPARATOR + layerId;
    }

    /** Parses an encoded key; throws {@link IllegalArgumentException} when it is not one. */
    public static LayerKey decode(String encoded) {
        int separator = encoded == null ? -1 : encoded.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("layer key must be tenant|layerId (was " + encoded + ")");
        }
        return new LayerKey(encoded.substring(0, separator), encoded.substring(separator + 1));
    }

    @Override
    public String toString() {
        return encode();
    }
}
