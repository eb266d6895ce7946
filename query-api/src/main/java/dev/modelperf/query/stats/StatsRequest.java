package dev.modelperf.query.stats;

import dev.modelperf.streams.stores.Resolution;

/**
 * One question to the aggregates: a tenant's span, in total or per {@code interval} (null: one
 * total per key), optionally one category level and one model (null: all).
 */
public record StatsRequest(String tenant, long fromMs, long toMs, Resolution interval, String level, String model) {

    /** The coarsest windows that may answer: a series needs windows no coarser than its points. */
    Resolution coarsest() {
        return interval == null ? Resolution.DAY : interval;
    }

    /** The point a window starting at {@code windowStart} counts toward. */
    long bucket(long windowStart) {
        return interval == null ? 0 : interval.windowStart(windowStart);
    }
}
