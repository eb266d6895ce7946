package dev.modelperf.streams.stores;

import java.time.Duration;

/** The tumbling window sizes aggregates are kept at, each in its own store. */
public enum Resolution {
    /** Leaf categories only: the per-event path updates one aggregate. */
    MINUTE("call-stats-1m", Duration.ofMinutes(1)),
    /** Every category level, folded from closed minutes. */
    HOUR("call-stats-1h", Duration.ofHours(1)),
    /** Every category level, folded from closed minutes. */
    DAY("call-stats-1d", Duration.ofDays(1));

    private final String storeName;
    private final long sizeMs;

    Resolution(String storeName, Duration size) {
        this.storeName = storeName;
        this.sizeMs = size.toMillis();
    }

    public String storeName() {
        return storeName;
    }

    public long sizeMs() {
        return sizeMs;
    }

    /** Start of the window holding {@code timestampMs}. */
    public long windowStart(long timestampMs) {
        return timestampMs - Math.floorMod(timestampMs, sizeMs);
    }

    /** The first window start at or after {@code timestampMs}. */
    public long ceil(long timestampMs) {
        long start = windowStart(timestampMs);
        return start == timestampMs ? start : start + sizeMs;
    }
}
