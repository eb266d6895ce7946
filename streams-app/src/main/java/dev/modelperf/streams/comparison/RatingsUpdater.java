package dev.modelperf.streams.comparison;

import dev.modelperf.events.Comparison;
import dev.modelperf.routing.rating.PairwiseMatrix;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each comparison, keyed {@code tenant|level}, into the level's pairwise matrix of the UTC
 * day it was judged in, and marks the level for a new fit. Fitting per comparison would refit
 * four windows for every level of every comparison; {@link RatingsRefresh} instead refits each
 * marked level once per {@code ratings.refresh.interval}, however many comparisons it got.
 */
final class RatingsUpdater extends ContextualProcessor<String, Comparison, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(RatingsUpdater.class);

    private final RatingSettings settings;
    private WindowStore<String, byte[]> days;
    private KeyValueStore<String, Long> pending;

    RatingsUpdater(RatingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        days = context.getStateStore(RatingStores.DAILY_PAIRS);
        pending = context.getStateStore(RatingStores.PENDING);
        KeyValueStore<String, LevelRatings> ratings = context.getStateStore(RatingStores.RATINGS);
        context.schedule(settings.refreshInterval(), PunctuationType.WALL_CLOCK_TIME,
                new RatingsRefresh(days, pending, ratings, settings.maxModels()));
    }

    @Override
    public void process(Record<String, Comparison> record) {
        long day = RatingWindow.dayOf(record.value().getTimestamp().toEpochMilli());
        byte[] stored = days.fetch(record.key(), day);
        PairwiseMatrix matrix = stored == null ? new PairwiseMatrix(settings.maxModels())
                : PairwiseMatrix.decode(stored, settings.maxModels());
        int evicted = matrix.add(record.value());
        if (evicted > 0) {
            log.debug("{} model(s) left the pairwise counts of {} on day {}: more than ratings.max.models ({})", evicted,
                    record.key(), day, settings.maxModels());
        }
        days.put(record.key(), matrix.encode(), day);
        pending.put(record.key(), context().currentSystemTimeMs());
    }
}
