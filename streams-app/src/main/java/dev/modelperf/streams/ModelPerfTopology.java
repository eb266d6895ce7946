package dev.modelperf.streams;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.streams.aggregate.StatsInput;
import dev.modelperf.streams.feedback.AttributedFeedback;
import dev.modelperf.streams.feedback.CallRef;
import dev.modelperf.streams.feedback.FeedbackJoinSerdes;
import dev.modelperf.streams.feedback.FeedbackJoiner;
import dev.modelperf.streams.feedback.JoinInput;
import dev.modelperf.streams.feedback.JoinResult;
import dev.modelperf.streams.validate.CheckedFeedback;
import dev.modelperf.streams.validate.FeedbackValidator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Repartitioned;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.aggregate.CallStats;
import dev.modelperf.streams.aggregate.CallStatsAggregator;
import dev.modelperf.streams.aggregate.CallStatsSerde;
import dev.modelperf.streams.aggregate.ClosedMinutes;
import dev.modelperf.streams.alert.AlertTopology;
import dev.modelperf.streams.aggregate.PriceTable;
import dev.modelperf.streams.aggregate.Resolution;
import dev.modelperf.streams.config.ModelPerfSettings;
import dev.modelperf.streams.health.HealthTopology;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.validate.CallValidator;
import dev.modelperf.streams.validate.CheckedCall;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builds ModelPerf's topology from settings; running it is someone else's job, so tests build the
 * very same topology. Every source, processor, sink and store has an explicit, stable name: a
 * renamed store would orphan its production state (a test pins {@code describe()}).
 */
public final class ModelPerfTopology {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** How often feedback still waiting for its call is checked against the hold time. */
    private static final Duration FEEDBACK_CHECK_INTERVAL = Duration.ofSeconds(10);

    private ModelPerfTopology() {
    }

    public static Topology build(ModelPerfSettings settings, SchemaRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(StreamsProperties.of(settings))));
        Topics topics = settings.topics();
        RegistryAvroDeserializer<ModelCall> callDeserializer = new RegistryAvroDeserializer<>(registry, ModelCall.getClassSchema());
        ModelCallRules rules = new ModelCallRules(settings.maxFutureSkew());
        Duration lateAfter = settings.minuteWindowRetention().minus(MINUTE);

        KStream<String, CheckedCall> checked = builder
                .stream(topics.calls(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("calls-source"))
                .process(() -> new CallValidator(callDeserializer, rules, lateAfter), Named.as("calls-validate"));
        Map<String, KStream<String, CheckedCall>> branches = checked.split(Named.as("calls-route-"))
                .branch((key, value) -> value.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));

        KStream<String, ModelCall> accepted = branches.get("calls-route-accepted")
                .mapValues(CheckedCall::call, Named.as("calls-unwrap"));
        HealthTopology.attach(builder, accepted, settings, registry);
        branches.get("calls-route-rejected")
                .mapValues(CheckedCall::raw, Named.as("calls-rejected-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq-sink"));

        KStream<String, AttributedFeedback> feedback = joinFeedback(builder, settings, registry, accepted);
        KStream<Void, ClosedMinutes> closedMinutes = accepted.mapValues(StatsInput::of, Named.as("calls-to-stats"))
                .merge(feedback.mapValues(StatsInput::of, Named.as("feedback-to-stats")), Named.as("stats-inputs"))
                .process(statsAggregator(settings), Named.as("calls-aggregate"));
        AlertTopology.attach(builder, closedMinutes, settings, registry);
        return builder.build();
    }

    /**
     * Feedback → validated → keyed by call id and merged with the calls' compact references →
     * one repartition to meet → joined → re-keyed by tenant and model and repartitioned to the
     * aggregates' partitions. Bad feedback, and feedback whose call never came, go to the DLQ.
     */
    private static KStream<String, AttributedFeedback> joinFeedback(StreamsBuilder builder, ModelPerfSettings settings,
                                                                    SchemaRegistry registry, KStream<String, ModelCall> calls) {
        Topics topics = settings.topics();
        RegistryAvroDeserializer<Feedback> deserializer = new RegistryAvroDeserializer<>(registry, Feedback.getClassSchema());
        RegistryAvroSerializer<Feedback> serializer = new RegistryAvroSerializer<>(registry);
        FeedbackRules rules = new FeedbackRules(settings.maxFutureSkew());
        Map<String, KStream<String, CheckedFeedback>> checked = builder
                .stream(topics.feedback(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("feedback-source"))
                .process(() -> new FeedbackValidator(deserializer, rules), Named.as("feedback-validate"))
                .split(Named.as("feedback-route-"))
                .branch((key, value) -> value.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));
        checked.get("feedback-route-rejected")
                .mapValues(CheckedFeedback::raw, Named.as("feedback-rejected-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("feedback-dlq-sink"));

        KStream<String, JoinInput> feedbackByCall = checked.get("feedback-route-accepted").map((key, value) ->
                KeyValue.pair(callKey(value.feedback().getTenant(), value.feedback().getCallEventId()),
                        JoinInput.of(value.feedback())), Named.as("feedback-by-call"));
        KStream<String, JoinInput> callRefs = calls.map((key, call) ->
                KeyValue.pair(callKey(call.getTenant(), call.getEventId()), JoinInput.of(new CallRef(call.getTenant(),
                        call.getCategory(), call.getModel(), call.getTimestamp().toEpochMilli()))), Named.as("calls-to-refs"));
        Map<String, KStream<String, JoinResult>> joined = callRefs
                .merge(feedbackByCall, Named.as("feedback-join-inputs"))
                .repartition(Repartitioned.with(Serdes.String(), FeedbackJoinSerdes.joinInput()).withName("feedback-join"))
                .process(feedbackJoiner(settings), Named.as("feedback-joiner"))
                .split(Named.as("feedback-joined-"))
                .branch((key, value) -> value.isAttributed(), Branched.as("attributed"))
                .defaultBranch(Branched.as("unmatched"));
        joined.get("feedback-joined-unmatched")
                .mapValues(result -> serializer.serialize(topics.feedback(), result.unmatched()), Named.as("feedback-unmatched-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("feedback-unmatched-dlq-sink"));
        return joined.get("feedback-joined-attributed")
                .mapValues(JoinResult::attributed, Named.as("feedback-attributed"))
                .repartition(Repartitioned.with(Serdes.String(), FeedbackJoinSerdes.attributedFeedback())
                        .withName("feedback-by-model"));
    }

    private static String callKey(String tenant, String callEventId) {
        return tenant + '|' + callEventId;
    }

    private static ProcessorSupplier<String, JoinInput, String, JoinResult> feedbackJoiner(ModelPerfSettings settings) {
        Set<StoreBuilder<?>> stores = Set.of(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(FeedbackJoiner.CALL_INDEX_STORE,
                                settings.feedbackCallIndexRetention(), Duration.ofMinutes(1), false),
                        Serdes.String(), FeedbackJoinSerdes.callRef()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FeedbackJoiner.PENDING_STORE),
                        Serdes.String(), FeedbackJoinSerdes.pendingFeedback()));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, JoinInput, String, JoinResult> get() {
                return new FeedbackJoiner(settings.feedbackHold(), FEEDBACK_CHECK_INTERVAL);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    private static ProcessorSupplier<String, StatsInput, Void, ClosedMinutes> statsAggregator(ModelPerfSettings settings) {
        PriceTable prices = PriceTable.load(settings.priceFile());
        Set<StoreBuilder<?>> stores = Set.of(
                windowStore(Resolution.MINUTE, settings.minuteWindowRetention()),
                windowStore(Resolution.HOUR, settings.hourWindowRetention()),
                windowStore(Resolution.DAY, settings.dayWindowRetention()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CallStatsAggregator.FOLD_PROGRESS_STORE),
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
