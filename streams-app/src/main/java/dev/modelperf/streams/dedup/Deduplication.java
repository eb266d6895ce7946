package dev.modelperf.streams.dedup;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.streams.validate.Checked;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Counts every call, feedback and judgment once, however often it was sent: right after validation, on the
 * partition its key already puts it, each stream drops an event whose tenant and event id it has
 * seen within {@code dedup.window}. Two copies of one event carry one key (calls are keyed by
 * tenant|model and feedback by tenant|call id, both taken from the event and checked or produced
 * so by the client and ingest), so copies always meet in one task; an id reused with another model
 * or call is a different event there and is not treated as a retry.
 */
public final class Deduplication {

    /** Tenant|eventId of calls counted within the window, at the call's timestamp. */
    public static final String CALLS_SEEN = "calls-seen-ids";
    /** Tenant|eventId of feedback counted within the window, at the feedback's timestamp. */
    public static final String FEEDBACK_SEEN = "feedback-seen-ids";
    /** Tenant|eventId of judgments counted within the window, at the judgment's timestamp. */
    public static final String JUDGMENTS_SEEN = "judgments-seen-ids";
    /** Tenant|decisionId of routing decisions counted within the window. */
    public static final String ROUTING_DECISIONS_SEEN = "routing-decisions-seen-ids";
    /** Tenant|eventId of routing outcomes counted within the window. */
    public static final String ROUTING_OUTCOMES_SEEN = "routing-outcomes-seen-ids";
    /** Tenant|eventId of comparisons counted within the window. */
    public static final String COMPARISONS_SEEN = "comparisons-seen-ids";
    static final String CALLS_PROCESSOR = "calls-dedup";
    static final String FEEDBACK_PROCESSOR = "feedback-dedup";

    private Deduplication() {
    }

    /** Accepted calls, each event once. */
    public static KStream<String, ModelCall> calls(KStream<String, ModelCall> calls, Duration window) {
        return calls.process(filter(CALLS_SEEN, "calls", call -> call.getTenant() + "|" + call.getEventId(),
                call -> call.getTimestamp().toEpochMilli(), window), Named.as(CALLS_PROCESSOR));
    }

    /** Accepted feedback, each event once. */
    public static KStream<String, Checked<Feedback>> feedback(KStream<String, Checked<Feedback>> feedback, Duration window) {
        return feedback.process(filter(FEEDBACK_SEEN, "feedback",
                checked -> checked.event().getTenant() + "|" + checked.event().getEventId(),
                checked -> checked.event().getTimestamp().toEpochMilli(), window), Named.as(FEEDBACK_PROCESSOR));
    }

    /** Accepted judgments (keyed tenant|call id like feedback, so copies meet), each event once. */
    public static KStream<String, Checked<Judgment>> judgments(KStream<String, Checked<Judgment>> judgments, Duration window) {
        return judgments.process(filter(JUDGMENTS_SEEN, "judgments",
                checked -> checked.event().getTenant() + "|" + checked.event().getEventId(),
                checked -> checked.event().getTimestamp().toEpochMilli(), window), Named.as("judgments-dedup"));
    }

    /** Accepted routing decisions (keyed by decision id), each decision once. */
    public static KStream<String, RoutingDecision> routingDecisions(KStream<String, RoutingDecision> decisions, Duration window) {
        return decisions.process(filter(ROUTING_DECISIONS_SEEN, "routing-decisions",
                decision -> decision.getTenant() + "|" + decision.getDecisionId(),
                decision -> decision.getTimestamp().toEpochMilli(), window), Named.as("routing-decisions-dedup"));
    }

    /** Accepted routing outcomes (keyed by decision id, so copies meet), each event once. */
    public static KStream<String, RoutingOutcome> routingOutcomes(KStream<String, RoutingOutcome> outcomes, Duration window) {
        return outcomes.process(filter(ROUTING_OUTCOMES_SEEN, "routing-outcomes",
                outcome -> outcome.getTenant() + "|" + outcome.getEventId(),
                outcome -> outcome.getTimestamp().toEpochMilli(), window), Named.as("routing-outcomes-dedup"));
    }

    /** Accepted comparisons (keyed tenant|eventId, so copies meet), each comparison once. */
    public static KStream<String, Comparison> comparisons(KStream<String, Comparison> comparisons, Duration window) {
        return comparisons.process(filter(COMPARISONS_SEEN, "comparisons",
                comparison -> comparison.getTenant() + "|" + comparison.getEventId(),
                comparison -> comparison.getTimestamp().toEpochMilli(), window), Named.as("comparisons-dedup"));
    }

    /** The store's retention is the window: an id is kept while a copy of its event could still be counted. */
    static StoreBuilder<WindowStore<String, Long>> seenIds(String storeName, Duration window) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(storeName, window, window, false), Serdes.String(), Serdes.Long())
                // Every id is written once, so a cache would save no changelog write.
                .withCachingDisabled();
    }

    private static <V> ProcessorSupplier<String, V, String, V> filter(String storeName, String source, Function<V, String> idOf,
                                                                       ToLongFunction<V> timeOf, Duration window) {
        StoreBuilder<WindowStore<String, Long>> store = seenIds(storeName, window);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, V, String, V> get() {
                return new DuplicateFilter<>(storeName, source, idOf, timeOf, window);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }
}
