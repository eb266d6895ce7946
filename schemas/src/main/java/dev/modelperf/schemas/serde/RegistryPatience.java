package dev.modelperf.schemas.serde;

import dev.modelperf.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How long a serializer or deserializer keeps asking an unreachable registry (for the id of a
 * schema to write, the writer schema of an id to read) before it gives up with
 * {@link RegistryUnavailableException}, and how it spaces the attempts: doubling from
 * {@code firstBackoff} up to {@code maxBackoff}. Only the first use of a schema or an id asks the
 * registry, so this wait is paid once per schema and outage.
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

    /**
     * Asks the registry until it answers or this patience runs out. An answer, a refusal included
     * (no such id, an incompatible schema), is thrown at once as the {@link SchemaRegistryException}
     * it is; a registry still unavailable at the end becomes what {@code givingUp} makes of its last failure.
     */
    public <T> T ask(Supplier<T> request, Function<SchemaRegistryException, RegistryUnavailableException> givingUp) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoffMs = firstBackoff.toMillis();
        while (true) {
            try {
                return request.get();
            } catch (SchemaRegistryException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw givingUp.apply(e);
                }
                pause(Math.min(backoffMs, leftMs), e);
                backoffMs = Math.min(backoffMs * 2, maxBackoff.toMillis());
            }
        }
    }

    private static void pause(long millis, SchemaRegistryException outage) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("Interrupted while waiting for the schema registry: " + outage.getMessage(), outage);
        }
    }
}
