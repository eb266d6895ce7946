package dev.modelperf.streams.ensemble;

import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.streams.comparison.RatingWindow;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a level's comparisons over a window as one {@link EnsembleState}: its day buckets merged.
 * The window's days are those of {@link RatingWindow}, so {@code 7d} here covers the same days as
 * the ratings' {@code 7d}: today so far and the six days before it.
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

    public Span read(LevelKey key, RatingWindow window, long nowMs) {
        long today = RatingWindow.dayOf(nowMs);
        long from = window.fromMs(today);
        EnsembleState merged = null;
        try (WindowStoreIterator<EnsembleState> days = store.days().fetch(key.encode(), Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(today))) {
            while (days.hasNext()) {
                KeyValue<Long, EnsembleState> day = days.next();
                if (merged == null) {
                    merged = day.value.copy();
                } else {
                    merged.merge(day.value);
                }
            }
        }
        return new Span(from, window.untilMs(today), merged == null ? new EnsembleState(lowVariance) : merged);
    }

    /** A level's comparisons over [{@code fromMs}, {@code untilMs}). */
    public record Span(long fromMs, long untilMs, EnsembleState state) {
    }
}
