package dev.modelperf.schemas.keys;

import dev.modelperf.schemas.validation.ModelCallRules;

/**
 * The record key of a call: tenant and model. Every per-model state (health, and the aggregates
 * of each category level) is keyed by it, so calls are partitioned once, by the producer, and
 * never repartitioned. Encoded as {@code tenant|model}: tenants match
 * {@link ModelCallRules#TENANT} and so contain no {@code |}, which makes the first {@code |} the
 * separator whatever the model name ({@code openai/gpt-4o}, {@code llama3:70b}, even {@code a|b}).
 */
public record CallKey(String tenant, String model) {

    private static final char SEPARATOR = '|';

    public CallKey {
        if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must match " + ModelCallRules.TENANT.pattern() + " (was " + tenant + ")");
        }
        if (model == null || model.isEmpty()) {
            throw new IllegalArgumentException("model must not be empty");
        }
    }

    public String encode() {
        return tenant + SEPARATOR + model;
    }

    /** The start every encoded key of {@code tenant} shares, for prefix scans of one tenant's models. */
    public static String tenantPrefix(String tenant) {
        return tenant + SEPARATOR;
    }

    /** Parses an encoded key; throws {@link IllegalArgumentException} when it is not one. */
    public static CallKey decode(String encoded) {
        int separator = encoded == null ? -1 : encoded.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("call key must be tenant|model (was " + encoded + ")");
        }
        return new CallKey(encoded.substring(0, separator), encoded.substring(separator + 1));
    }

    @Override
    public String toString() {
        return encode();
    }
}
