package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How much of the demo's backfill the API counts: calls in the rankings, feedback in the summary's
 * totals. Feedback is counted some time after its call (it crosses two more repartitions, to meet
 * its call and then the call's aggregates), so a demo that waited for the calls alone would show
 * its first table while satisfaction still reads "—".
 */
record BackfillCounted(long calls, long feedback) {

    static BackfillCounted of(JsonNode rankings, JsonNode summary) {
        return new BackfillCounted(RankingsTable.totalCalls(rankings), summary.path("totals").path("feedback").path("count").asLong());
    }

    /** Whether every call and every feedback the broker acknowledged is counted. */
    boolean reaches(long deliveredCalls, long deliveredFeedback) {
        return calls >= deliveredCalls && feedback >= deliveredFeedback;
    }
}
