package dev.modelperf.streams.comparison;

import dev.modelperf.routing.rating.BradleyTerry;
import dev.modelperf.routing.rating.PairwiseMatrix;
import dev.modelperf.routing.rating.RatingFit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The wall-clock punctuator that refits the ratings of every level marked pending: for each
 * window it merges the level's daily matrices and fits them starting from that window's previous
 * fit (a warm start: one or two Newton steps after a few comparisons). When the UTC day turns,
 * every level's windows move, so every level fitted on an earlier day is marked too; a level
 * whose days have all aged out is deleted. A run stops fitting once it has taken
 * {@link #RUN_BUDGET} (a full level of 64 models takes tens of milliseconds for its four windows)
 * so that it stays well inside a transaction; the levels left wait for the next run.
 */
final class RatingsRefresh implements Punctuator {

    static final Duration RUN_BUDGET = Duration.ofMillis(500);

    private final WindowStore<String, byte[]> days;
    private final KeyValueStore<String, Long> pending;
    private final KeyValueStore<String, LevelRatings> ratings;
    private final int maxModels;
    private final BradleyTerry bradleyTerry = new BradleyTerry();
    /** The day of the last run; none after a start, so that the first run checks every level. */
    private long lastDay = Long.MIN_VALUE;

    RatingsRefresh(WindowStore<String, byte[]> days, KeyValueStore<String, Long> pending, KeyValueStore<String, LevelRatings> ratings,
                   int maxModels) {
        this.days = days;
        this.pending = pending;
        this.ratings = ratings;
        this.maxModels = maxModels;
    }

    @Override
    public void punctuate(long now) {
        long today = RatingWindow.dayOf(now);
        if (today != lastDay) {
            markFittedBefore(today, now);
            lastDay = today;
        }
        List<String> levels = new ArrayList<>();
        try (KeyValueIterator<String, Long> marked = pending.all()) {
            marked.forEachRemaining(level -> levels.add(level.key));
        }
        long deadline = System.nanoTime() + RUN_BUDGET.toNanos();
        for (String level : levels) {
            if (System.nanoTime() > deadline) {
                break;
            }
            refit(level, today, now);
            pending.delete(level);
        }
    }

    private void markFittedBefore(long today, long now) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, LevelRatings> all = ratings.all()) {
            while (all.hasNext()) {
                KeyValue<String, LevelRatings> level = all.next();
                if (level.value.dayMs() < today) {
                    stale.add(level.key);
                }
            }
        }
        stale.forEach(level -> pending.put(level, now));
    }

    private void refit(String level, long today, long now) {
        List<PairwiseMatrix> newestFirst = new ArrayList<>();
        List<Long> dayStarts = new ArrayList<>();
        long oldest = RatingWindow.QUARTER.fromMs(today);
        try (WindowStoreIterator<byte[]> stored = days.backwardFetch(level, Instant.ofEpochMilli(oldest), Instant.ofEpochMilli(today))) {
            while (stored.hasNext()) {
                KeyValue<Long, byte[]> day = stored.next();
                dayStarts.add(day.key);
                newestFirst.add(PairwiseMatrix.decode(day.value, maxModels));
            }
        }
        LevelRatings previous = ratings.get(level);
        // Unbounded while merging, so that a model trimmed from a short window can still count in a longer one.
        PairwiseMatrix merged = new PairwiseMatrix(Integer.MAX_VALUE);
        Map<RatingWindow, LevelRatings.WindowRatings> windows = new EnumMap<>(RatingWindow.class);
        int next = 0;
        for (RatingWindow window : RatingWindow.values()) {
            long from = window.fromMs(today);
            while (next < newestFirst.size() && dayStarts.get(next) >= from) {
                merged.merge(newestFirst.get(next++));
            }
            PairwiseMatrix bounded = new PairwiseMatrix(maxModels);
            bounded.merge(merged);
            Map<String, Double> start = previous == null ? Map.of() : logits(previous.window(window));
            RatingFit fit = bradleyTerry.fit(bounded, start);
            windows.put(window, new LevelRatings.WindowRatings(from, fit.comparisons(), fit.results(), fit.iterations(),
                    fit.converged(), fit.ratings()));
        }
        if (merged.isEmpty()) {
            ratings.delete(level);
        } else {
            ratings.put(level, new LevelRatings(now, today, windows));
        }
    }

    private static Map<String, Double> logits(LevelRatings.WindowRatings window) {
        return new RatingFit(window.ratings(), window.comparisons(), window.results(), window.iterations(), window.converged())
                .logits();
    }
}
