package dev.modelperf.schemas.keys;

import dev.modelperf.schemas.validation.ModelCallRules;

/**
 * The record key of a comparison: tenant and the comparison's own event id, encoded
 * {@code tenant|eventId} (tenants contain no {@code |}, so the first one separates). A retried
 * comparison lands on the partition of its first copy, where deduplication finds it; comparisons
 * of one category spread over every partition, since one category can hold most of a tenant's.
 */
public record ComparisonKey(String tenant, String eventId) {

    private static final char SEPARATOR = '|';

    public ComparisonKey {
        if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must match " + ModelCallRules.TENANT.pattern() + " (was " + tenant + ")");
        }
        if (eventId == null || eventId.isEmpty()) {
            throw new IllegalArgumentException("eventId must not be empty");
        }
    }

    public String encode() {
        return tenant + SEPARATOR + eventId;
    }

    /** Parses an encoded key; throws {@link IllegalArgumentException} when it is not one. */
    public static ComparisonKey decode(String encoded) {
        int separator = encoded == null ? -1 : encoded.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("comparison key must be tenant|eventId (was " + encoded + ")");
        }
        return new ComparisonKey(encoded.substring(0, separator), encoded.substring(separator + 1));
    }

    @Override
    public String toString() {
        return encode();
    }
}
