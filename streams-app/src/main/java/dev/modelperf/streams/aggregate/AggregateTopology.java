package dev.modelperf.streams.aggregate;

import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.feedback.AttributedFeedback;
import dev.modelperf.streams.feedback.AttributedJudgment;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.CallStatsSerde;
import dev.modelperf.streams.stores.QueryableStores;
import dev.modelperf.streams.stores.Resolution;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The aggregates: calls, attributed feedback and attributed judgments (all keyed tenant|model) merged into one
 * aggregator with its 1-minute, 1-hour and 1-day window stores and its fold watermark.
 */
public final class AggregateTopology {

    private AggregateTopology() {
    }

    /** Aggregates {@code calls}, {@code feedback} and {@code judgments}; returns each range of minutes just closed and folded. */
    public static KStream<Void, ClosedMinutes> attach(KStream<String, ModelCall> calls, KStream<String, AttributedFeedback> feedback,
                                                      KStream<String, AttributedJudgment> judgments, AggregateSettings settings) {
        return calls.mapValues(StatsInput::of, Named.as("calls-to-stats"))
                .merge(feedback.mapValues(StatsInput::of, Named.as("feedback-to-stats")), Named.as("stats-inputs"))
                .merge(judgments.mapValues(StatsInput::of, Named.as("judgments-to-stats")), Named.as("stats-inputs-judged"))
                .process(aggregator(settings), Named.as("calls-aggregate"));
    }

    private static ProcessorSupplier<String, StatsInput, Void, ClosedMinutes> aggregator(AggregateSettings settings) {
        PriceTable prices = PriceTable.load(settings.priceFile());
        Set<StoreBuilder<?>> stores = Set.of(
                windowStore(Resolution.MINUTE, settings.minuteRetention()),
                windowStore(Resolution.HOUR, settings.hourRetention()),
                windowStore(Resolution.DAY, settings.dayRetention()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QueryableStores.FOLD_PROGRESS),
                        Serdes.String(), Serdes.Long()));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, StatsInput, Void, ClosedMinutes> get() {
                return new CallStatsAggregator(prices, settings.foldDelay(), settings.foldInterval());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    private static StoreBuilder<WindowStore<String, CallStats>> windowStore(Resolution resolution, Duration retention) {
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(resolution.storeName(), retention, Duration.ofMillis(resolution.sizeMs()), false),
                        Serdes.String(), new CallStatsSerde())
                .withCachingEnabled();
    }
}
