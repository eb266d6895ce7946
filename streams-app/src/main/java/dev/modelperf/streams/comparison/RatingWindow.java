package dev.modelperf.streams.comparison;

import dev.modelperf.events.Comparison;
import dev.modelperf.schemas.validation.Violation;
import dev.modelperf.streams.config.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The windows of day-bucketed answers, ratings and ensemble advice alike, so that the same label
 * means the same days in both. Their counts are kept per UTC day, so a window is whole days: the
 * current day so far and the {@code days − 1} before it ({@code 7d} on a Wednesday afternoon covers
 * from Thursday 00:00 UTC of the week before until Thursday 00:00 UTC).
 */
public enum RatingWindow {
    DAY("1d", 1),
    WEEK("7d", 7),
    MONTH("30d", 30),
    QUARTER("90d", 90);

    /** How far back any window reaches: a comparison older than this enters none. */
    public static final Duration HORIZON = Duration.ofDays(90);
    public static final long DAY_MS = Duration.ofDays(1).toMillis();

    /**
     * Why {@code comparison}, judged at {@code nowMs}, is too old to enter any window, or null.
     * One rule for both that refuse it: the stream (to the DLQ) and HTTP ingest (a 400 instead).
     */
    public static Violation tooOld(Comparison comparison, long nowMs) {
        if (comparison.getTimestamp().toEpochMilli() >= nowMs - HORIZON.toMillis()) {
            return null;
        }
        return new Violation("timestamp", "must be within the last " + Durations.format(HORIZON)
                + ", the longest ratings window (was " + comparison.getTimestamp() + ")");
    }

    private final String label;
    private final int days;

    RatingWindow(String label, int days) {
        this.label = label;
        this.days = days;
    }

    public String label() {
        return label;
    }

    public int days() {
        return days;
    }

    /** The start of the oldest day in the window, for a window ending in the day that starts at {@code dayMs}. */
    public long fromMs(long dayMs) {
        return dayMs - (days - 1) * DAY_MS;
    }

    /** The end (exclusive) of the window ending in the day that starts at {@code dayMs}: the end of that day. */
    public long untilMs(long dayMs) {
        return dayMs + DAY_MS;
    }

    public static Optional<RatingWindow> of(String label) {
        return Arrays.stream(values()).filter(window -> window.label.equals(label)).findFirst();
    }

    /** The start of the UTC day holding {@code timeMs}. */
    public static long dayOf(long timeMs) {
        return Math.floorDiv(timeMs, DAY_MS) * DAY_MS;
    }
}
