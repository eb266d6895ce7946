package dev.modelperf.schemas.keys;

import dev.modelperf.schemas.validation.ModelCallRules;

/**
 * The record key of a feedback event: tenant and the id of the call it judges, encoded as
 * {@code tenant|callEventId} (tenants contain no {@code |}, so the first one separates). Feedback
 * for one call always lands on one partition, so a call-id index keyed the same way joins it
 * without repartitioning the feedback; feedback need not name its model, so {@code tenant|model}
 * could not be built for every event.
 */
public record FeedbackKey(String tenant, String callEventId) {

    private static final char SEPARATOR = '|';

    public FeedbackKey {
        if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must match " + ModelCallRules.TENANT.pattern() + " (was " + tenant + ")");
        }
        if (callEventId == null || callEventId.isEmpty()) {
            throw new IllegalArgumentException("callEventId must not be empty");
        }
    }

    public String encode() {
        return tenant + SEPARATOR + callEventId;
    }

    /** Parses an encoded key; throws {@link IllegalArgumentException} when it is not one. */
    public static FeedbackKey decode(String encoded) {
        int separator = encoded == null ? -1 : encoded.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("feedback key must be tenant|callEventId (was " + encoded + ")");
        }
        return new FeedbackKey(encoded.substring(0, separator), encoded.substring(separator + 1));
    }

    @Override
    public String toString() {
        return encode();
    }
}
