package dev.modelperf.streams.aggregate;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long the aggregates are kept and how closed minutes are folded into hours and days.
 *
 * @param minuteRetention how long 1-minute aggregates are kept
 * @param hourRetention   how long 1-hour aggregates are kept
 * @param dayRetention    how long 1-day aggregates are kept
 * @param foldDelay       how long after its end a minute is folded (and late calls go to hours and days)
 * @param foldInterval    how often (wall clock) closed minutes are looked for
 * @param priceFile       the price table for calls without a cost (null: the shipped table)
 */
public record AggregateSettings(Duration minuteRetention, Duration hourRetention, Duration dayRetention,
                                Duration foldDelay, Duration foldInterval, Path priceFile) {

    /** The defaults of the {@code window.*} and {@code pricing.file} settings. */
    public static AggregateSettings defaults() {
        return new AggregateSettings(Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(400),
                Duration.ofMinutes(2), Duration.ofSeconds(10), null);
    }

    public AggregateSettings withMinuteRetention(Duration retention) {
        return new AggregateSettings(retention, hourRetention, dayRetention, foldDelay, foldInterval, priceFile);
    }

    public AggregateSettings withFold(Duration delay, Duration interval) {
        return new AggregateSettings(minuteRetention, hourRetention, dayRetention, delay, interval, priceFile);
    }
}
