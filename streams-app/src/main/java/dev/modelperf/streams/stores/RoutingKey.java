package dev.modelperf.streams.stores;

import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.schemas.validation.RoutingDecisionRules;

/**
 * The key of routing figures: tenant and layer id, encoded {@code tenant|layerId}; the whole
 * cascade is the layer {@value #CASCADE}, which no layer id can be
 * ({@link RoutingDecisionRules#LAYER_ID}). Tenants hold no {@code |}, so the first one separates.
 */
public record RoutingKey(String tenant, String layerId) {

    public static final String CASCADE = "*";
    private static final char SEPARATOR = '|';

    public static RoutingKey cascade(String tenant) {
        return new RoutingKey(tenant, CASCADE);
    }

    public boolean isCascade() {
        return CASCADE.equals(layerId);
    }

    public String encode() {
        return tenant + SEPARATOR + layerId;
    }

    /** The start every encoded key of {@code tenant} shares. */
    public static String tenantPrefix(String tenant) {
        return tenant + SEPARATOR;
    }

    public static RoutingKey decode(String encoded) {
        int separator = encoded.indexOf(SEPARATOR);
        if (separator < 0 || !ModelCallRules.TENANT.matcher(encoded.substring(0, separator)).matches()) {
            throw new IllegalArgumentException("routing key must be tenant|layerId (was " + encoded + ")");
        }
        return new RoutingKey(encoded.substring(0, separator), encoded.substring(separator + 1));
    }
}
