package dev.modelperf.schemas.serde;

import java.time.Duration;

/**
 * How long a deserializer keeps asking an unreachable registry for a writer schema before it
 * gives up with {@link RegistryUnavailableException}, and how it spaces the attempts: doubling
 * from {@code firstBackoff} up to {@code maxBackoff}. Only the first sight of a schema id asks the
 * registry, so this wait is paid once per id and outage.
 *
 * @param maxWait      how long to keep trying; zero tries once
 * @param firstBackoff the pause after the first failed attempt
 * @param maxBackoff   the longest pause between two attempts
 */
public record RegistryPatience(Duration maxWait, Duration firstBackoff, Duration maxBackoff) {

    /** One attempt, no waiting: the caller decides what an outage means. */
    public static final RegistryPatience NONE = new RegistryPatience(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(2));

    /** As long as the outage lasts (ten years): for a thread that holds no transaction and must not die. */
    public static final RegistryPatience UNTIL_BACK = new RegistryPatience(Duration.ofDays(3650), Duration.ofMillis(100), Duration.ofSeconds(2));

    public RegistryPatience {
        if (maxWait.isNegative() || firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("need maxWait >= 0 and 0 < firstBackoff <= maxBackoff (were " + maxWait + ", "
                    + firstBackoff + ", " + maxBackoff + ")");
        }
    }

    /** Keeps trying for {@code maxWait}, pausing 100 ms at first and at most 2 s. */
    public static RegistryPatience upTo(Duration maxWait) {
        return new RegistryPatience(maxWait, Duration.ofMillis(100), Duration.ofSeconds(2));
    }
}
