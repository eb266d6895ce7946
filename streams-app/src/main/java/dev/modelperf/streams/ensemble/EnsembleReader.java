package dev.modelperf.streams.ensemble;

import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.streams.stores.Resolution;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a level's comparisons over a span as one {@link EnsembleState}: its day buckets merged,
 * from the day holding {@code nowMs - span} to the day holding {@code nowMs}.
 */
public final class EnsembleReader {

    /** Where the day buckets are: the local store of a running app, or a test driver's. */
    @FunctionalInterface
    public interface Store {
        ReadOnlyWindowStore<String, EnsembleState> days();
    }

    private final Store store;
    private final double lowVariance;

    /** {@code lowVariance}: the threshold of an empty span's state (a stored state keeps the one it was folded with). */
    public EnsembleReader(Store store, double lowVariance) {
        this.store = store;
        this.lowVariance = lowVariance;
    }

    public Span read(LevelKey key, Duration span, long nowMs) {
        long from = Resolution.DAY.windowStart(nowMs - span.toMillis());
        long to = Resolution.DAY.windowStart(nowMs);
        EnsembleState merged = null;
        try (WindowStoreIterator<EnsembleState> days = store.days().fetch(key.encode(), Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to))) {
            while (days.hasNext()) {
                KeyValue<Long, EnsembleState> day = days.next();
                if (merged == null) {
                    merged = day.value.copy();
                } else {
                    merged.merge(day.value);
                }
            }
        }
        return new Span(from, to + Resolution.DAY.sizeMs(), merged == null ? new EnsembleState(lowVariance) : merged);
    }

    /** A level's comparisons over [{@code fromMs}, {@code untilMs}). */
    public record Span(long fromMs, long untilMs, EnsembleState state) {
    }
}
