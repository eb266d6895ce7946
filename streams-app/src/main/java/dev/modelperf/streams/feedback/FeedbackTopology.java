package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.FeedbackKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.validate.CheckedFeedback;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The feedback join: accepted feedback is keyed by call ({@link FeedbackKey}, as producers key it)
 * and merged with the calls' compact references → one repartition to meet → joined → re-keyed by
 * tenant and model and repartitioned to the aggregates' partitions. Feedback whose call never
 * came goes to the DLQ.
 */
public final class FeedbackTopology {

    /** How often feedback still waiting for its call is checked against the hold time. */
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private FeedbackTopology() {
    }

    /**
     * Joins {@code feedback} (accepted) to {@code calls} (accepted); returns the attributed feedback
     * keyed tenant|model. Unmatched feedback goes to the DLQ, its serializer waiting out a registry
     * outage as {@code patience} allows.
     */
    public static KStream<String, AttributedFeedback> attach(KStream<String, ModelCall> calls, KStream<String, CheckedFeedback> feedback,
                                                             Topics topics, FeedbackSettings settings, SchemaRegistry registry,
                                                             RegistryPatience patience) {
        RegistryAvroSerializer<Feedback> serializer = new RegistryAvroSerializer<>(registry, patience);
        KStream<String, JoinInput> feedbackByCall = feedback.map((key, value) ->
                KeyValue.pair(callKey(value.feedback().getTenant(), value.feedback().getCallEventId()),
                        JoinInput.of(value.feedback())), Named.as("feedback-by-call"));
        KStream<String, JoinInput> callRefs = calls.map((key, call) ->
                KeyValue.pair(callKey(call.getTenant(), call.getEventId()), JoinInput.of(new CallRef(call.getTenant(),
                        call.getCategory(), call.getModel(), call.getTimestamp().toEpochMilli()))), Named.as("calls-to-refs"));
        Map<String, KStream<String, JoinResult>> joined = callRefs
                .merge(feedbackByCall, Named.as("feedback-join-inputs"))
                .repartition(Repartitioned.with(Serdes.String(), FeedbackJoinSerdes.joinInput()).withName("feedback-join"))
                .process(joiner(settings), Named.as("feedback-joiner"))
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

    /** The join key: the feedback topic's own key, so a call's reference and its feedback meet on one partition. */
    private static String callKey(String tenant, String callEventId) {
        return new FeedbackKey(tenant, callEventId).encode();
    }

    private static ProcessorSupplier<String, JoinInput, String, JoinResult> joiner(FeedbackSettings settings) {
        Set<StoreBuilder<?>> stores = Set.of(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(FeedbackJoiner.CALL_INDEX_STORE,
                                settings.callIndexRetention(), Duration.ofMinutes(1), false),
                        Serdes.String(), FeedbackJoinSerdes.callRef()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FeedbackJoiner.PENDING_STORE),
                        Serdes.String(), FeedbackJoinSerdes.pendingFeedback()));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, JoinInput, String, JoinResult> get() {
                return new FeedbackJoiner(settings.hold(), CHECK_INTERVAL);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }
}
