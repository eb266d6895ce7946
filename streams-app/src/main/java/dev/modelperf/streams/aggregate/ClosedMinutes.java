package dev.modelperf.streams.aggregate;

/** The 1-minute windows starting in [{@code fromMs}, {@code untilMs}) are closed and have just been folded. */
public record ClosedMinutes(long fromMs, long untilMs) {
}
