package dev.modelperf.streams.stores;

import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads aggregates over any span by merging the coarsest complete windows: whole days, then whole
 * hours, then minutes for the recent part that is not folded yet (and for a partial first hour
 * while minutes are still retained). Each call is counted exactly once whatever the span. A span
 * reaching past a resolution's retention starts at the next coarser boundary.
 */
public final class StatsReader {

    /** Where the aggregates are: the local stores of a running app, or a test driver's. */
    public interface Stores {
        ReadOnlyWindowStore<String, CallStats> window(Resolution resolution);

        ReadOnlyKeyValueStore<String, Long> foldProgress();
    }

    /** Receives each aggregate of a span, at every category level it counts toward. */
    @FunctionalInterface
    public interface Visitor {
        void visit(StatsKey key, Resolution resolution, long windowStart, CallStats stats);
    }

    /** Which windows of one resolution a span reads: window starts from {@code fromMs} to {@code toMs} inclusive. */
    public record Segment(Resolution resolution, long fromMs, long toMs) {
    }

    private final Stores stores;
    private final Duration minuteRetention;
    private final Duration hourRetention;

    public StatsReader(Stores stores, Duration minuteRetention, Duration hourRetention) {
        this.stores = stores;
        this.minuteRetention = minuteRetention;
        this.hourRetention = hourRetention;
    }

    /**
     * Visits every aggregate of {@code tenant} in [{@code fromMs}, {@code toMs}], minute aggregates
     * expanded to every level, reading windows no coarser than {@code coarsest} (MINUTE for a
     * per-minute series, HOUR for an hourly one, DAY otherwise). A per-minute read covers what the
     * minute aggregates still hold: it starts no earlier than the minute retention before {@code toMs}.
     */
    public void scan(String tenant, long fromMs, long toMs, Resolution coarsest, Visitor visitor) {
        read(tenant, fromMs, toMs, coarsest, visitor);
    }

    /** As {@link #scan}, for every tenant at once: one pass over the stores. */
    public void scanAllTenants(long fromMs, long toMs, Resolution coarsest, Visitor visitor) {
        read(null, fromMs, toMs, coarsest, visitor);
    }

    private void read(String tenant, long fromMs, long toMs, Resolution coarsest, Visitor visitor) {
        for (Segment segment : plan(fromMs, toMs, foldedUntil(), coarsest)) {
            ReadOnlyWindowStore<String, CallStats> store = stores.window(segment.resolution());
            try (KeyValueIterator<Windowed<String>, CallStats> windows = store.fetchAll(
                    Instant.ofEpochMilli(segment.fromMs()), Instant.ofEpochMilli(segment.toMs()))) {
                while (windows.hasNext()) {
                    KeyValue<Windowed<String>, CallStats> window = windows.next();
                    StatsKey key = StatsKey.decode(window.key.key());
                    if (tenant != null && !key.tenant().equals(tenant)) {
                        continue;
                    }
                    long start = window.key.window().start();
                    if (segment.resolution() == Resolution.MINUTE) {
                        for (String level : CategoryPath.levels(key.category())) {
                            visitor.visit(new StatsKey(key.tenant(), level, key.model()), Resolution.MINUTE, start, window.value);
                        }
                    } else {
                        visitor.visit(key, segment.resolution(), start, window.value);
                    }
                }
            }
        }
    }

    /** The oldest fold watermark of all local tasks: before it, hour and day aggregates are complete. */
    long foldedUntil() {
        long oldest = Long.MAX_VALUE;
        try (KeyValueIterator<String, Long> progress = stores.foldProgress().all()) {
            while (progress.hasNext()) {
                oldest = Math.min(oldest, progress.next().value);
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : oldest;
    }

    /** The windows that cover [{@code fromMs}, {@code toMs}] once each, given minutes are folded up to {@code foldedUntil}. */
    List<Segment> plan(long fromMs, long toMs, long foldedUntil, Resolution coarsest) {
        List<Segment> segments = new ArrayList<>();
        long minute = Resolution.MINUTE.sizeMs();
        long start = Resolution.MINUTE.ceil(fromMs);
        if (coarsest == Resolution.MINUTE) {
            // Folded minutes stay in their store until the retention ends: only they have a point per minute.
            start = Math.max(start, Resolution.MINUTE.ceil(toMs - minuteRetention.toMillis()));
            if (start <= toMs) {
                segments.add(new Segment(Resolution.MINUTE, start, toMs));
            }
            return segments;
        }
        long completeHours = Math.min(Resolution.HOUR.windowStart(foldedUntil), Resolution.HOUR.windowStart(toMs));
        if (start < completeHours) {
            long firstHour = Resolution.HOUR.ceil(start);
            if (firstHour > start && start >= toMs - minuteRetention.toMillis()) {
                segments.add(new Segment(Resolution.MINUTE, start, firstHour - minute));
            }
            start = firstHour;
            if (start < toMs - hourRetention.toMillis()) {
                start = coarsest == Resolution.DAY ? Resolution.DAY.ceil(start) : Resolution.HOUR.ceil(toMs - hourRetention.toMillis());
            }
            long firstDay = Resolution.DAY.ceil(start);
            long lastDay = Resolution.DAY.windowStart(completeHours);
            if (coarsest == Resolution.DAY && firstDay < lastDay) {
                addHours(segments, start, firstDay);
                segments.add(new Segment(Resolution.DAY, firstDay, lastDay - Resolution.DAY.sizeMs()));
                addHours(segments, lastDay, completeHours);
            } else {
                addHours(segments, start, completeHours);
            }
            start = Math.max(start, completeHours);
        }
        if (start <= toMs) {
            segments.add(new Segment(Resolution.MINUTE, start, toMs));
        }
        return segments;
    }

    private static void addHours(List<Segment> segments, long fromMs, long untilMs) {
        if (fromMs < untilMs) {
            segments.add(new Segment(Resolution.HOUR, fromMs, untilMs - Resolution.HOUR.sizeMs()));
        }
    }
}
