package dev.modelperf.streams.aggregate;

import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.streams.feedback.AttributedFeedback;
import dev.modelperf.streams.feedback.AttributedJudgment;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.QueryableStores;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps every call's figures at every category level in 1-minute, 1-hour and 1-day windows, with
 * as few store updates per call as possible: a call updates only its leaf category's 1-minute
 * aggregate; a wall-clock punctuator folds each closed minute (once {@code foldDelay} has passed)
 * into the hour and day aggregates of every level. A call for a minute already folded is late and
 * updates its hour and day aggregates directly. The fold watermark is kept in a store, so it is
 * restored and exactly-once like the aggregates. The record key is (tenant, model): every
 * aggregate lives on the partition its calls arrive on. After each fold it forwards the range of
 * minutes just closed, so that alert rules are judged once per minute rather than per call.
 */
public final class CallStatsAggregator extends ContextualProcessor<String, StatsInput, Void, ClosedMinutes> {

    /** Bounds the decoded minute aggregates kept between calls. */
    static final int HOT_AGGREGATES = 4_096;

    private final PriceTable prices;
    private final long foldDelayMs;
    private final Duration foldInterval;
    private WindowStore<String, CallStats> minutes;
    private WindowStore<String, CallStats> hours;
    private WindowStore<String, CallStats> days;
    private KeyValueStore<String, Long> foldProgress;
    private String progressKey;
    private long foldedUntil;
    /**
     * Decoded minute aggregates, so that the per-call path skips decoding: each entry always
     * equals what was last put in the store, so it is a cache of reads only, and it starts empty
     * whenever the task (re)initializes.
     */
    private final Map<KeyValue<String, Long>, CallStats> hotMinutes = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KeyValue<String, Long>, CallStats> eldest) {
            return size() > HOT_AGGREGATES;
        }
    };

    public CallStatsAggregator(PriceTable prices, Duration foldDelay, Duration foldInterval) {
        this.prices = prices;
        this.foldDelayMs = foldDelay.toMillis();
        this.foldInterval = foldInterval;
    }

    @Override
    public void init(ProcessorContext<Void, ClosedMinutes> context) {
        super.init(context);
        minutes = context.getStateStore(Resolution.MINUTE.storeName());
        hours = context.getStateStore(Resolution.HOUR.storeName());
        days = context.getStateStore(Resolution.DAY.storeName());
        foldProgress = context.getStateStore(QueryableStores.FOLD_PROGRESS);
        progressKey = context.taskId().toString();
        Long progress = foldProgress.get(progressKey);
        foldedUntil = progress == null ? 0 : progress;
        hotMinutes.clear();
        context.schedule(foldInterval, PunctuationType.WALL_CLOCK_TIME, this::fold);
    }

    @Override
    public void process(Record<String, StatsInput> record) {
        StatsInput input = record.value();
        if (input.call() != null) {
            ModelCall call = input.call();
            Double reported = call.getCostUsd();
            Double cost = reported != null ? reported
                    : prices.estimate(call.getModel(), call.getInputTokens(), call.getOutputTokens());
            count(call.getTenant(), call.getCategory(), call.getModel(), call.getTimestamp().toEpochMilli(),
                    stats -> stats.add(call, cost, reported != null));
        } else if (input.feedback() != null) {
            AttributedFeedback feedback = input.feedback();
            count(feedback.feedback().getTenant(), feedback.category(), feedback.model(), feedback.callTimestampMs(),
                    stats -> stats.addFeedback(feedback.feedback()));
        } else {
            AttributedJudgment judged = input.judgment();
            count(judged.judgment().getTenant(), judged.category(), judged.model(), judged.callTimestampMs(),
                    stats -> stats.addJudgment(judged.judgment()));
        }
    }

    /** Applies {@code add} to the leaf minute aggregate, and to every level's hour and day when that minute is folded already. */
    private void count(String tenant, String category, String model, long timestamp, Consumer<CallStats> add) {
        long minute = Resolution.MINUTE.windowStart(timestamp);
        String leaf = new StatsKey(tenant, category, model).encode();
        CallStats hot = hotMinutes.computeIfAbsent(KeyValue.pair(leaf, minute), window -> {
            CallStats stored = minutes.fetch(leaf, minute);
            return stored == null ? new CallStats() : stored;
        });
        add.accept(hot);
        minutes.put(leaf, hot, minute);
        if (minute + Resolution.MINUTE.sizeMs() <= foldedUntil) {
            for (String level : CategoryPath.levels(category)) {
                String key = new StatsKey(tenant, level, model).encode();
                update(hours, key, Resolution.HOUR.windowStart(timestamp), add);
                update(days, key, Resolution.DAY.windowStart(timestamp), add);
            }
        }
    }

    /** Folds every minute that closed at least {@code foldDelay} ago and is not folded yet. */
    void fold(long wallClockMs) {
        long until = Resolution.MINUTE.windowStart(wallClockMs - foldDelayMs);
        if (until <= foldedUntil) {
            return;
        }
        Map<KeyValue<String, Long>, CallStats> hourly = new HashMap<>();
        Map<KeyValue<String, Long>, CallStats> daily = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, CallStats> closed = minutes.fetchAll(
                Instant.ofEpochMilli(foldedUntil), Instant.ofEpochMilli(until - Resolution.MINUTE.sizeMs()))) {
            while (closed.hasNext()) {
                KeyValue<Windowed<String>, CallStats> minute = closed.next();
                StatsKey leaf = StatsKey.decode(minute.key.key());
                long start = minute.key.window().start();
                for (String level : CategoryPath.levels(leaf.category())) {
                    String key = new StatsKey(leaf.tenant(), level, leaf.model()).encode();
                    hourly.computeIfAbsent(KeyValue.pair(key, Resolution.HOUR.windowStart(start)), k -> new CallStats())
                            .merge(minute.value);
                    daily.computeIfAbsent(KeyValue.pair(key, Resolution.DAY.windowStart(start)), k -> new CallStats())
                            .merge(minute.value);
                }
            }
        }
        hourly.forEach((window, folded) -> update(hours, window.key, window.value, stats -> stats.merge(folded)));
        daily.forEach((window, folded) -> update(days, window.key, window.value, stats -> stats.merge(folded)));
        long from = foldedUntil;
        foldedUntil = until;
        foldProgress.put(progressKey, until);
        context().forward(new Record<>(null, new ClosedMinutes(from, until), wallClockMs));
    }

    private static void update(WindowStore<String, CallStats> store, String key, long windowStart, Consumer<CallStats> change) {
        CallStats stats = store.fetch(key, windowStart);
        if (stats == null) {
            stats = new CallStats();
        }
        change.accept(stats);
        store.put(key, stats, windowStart);
    }
}
