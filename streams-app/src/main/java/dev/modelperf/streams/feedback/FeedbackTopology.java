package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.FeedbackKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.validate.Checked;
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
 * came goes to the DLQ. Judgments take the same way (keyed alike, through the same call index),
 * so a call is indexed once for both.
 */
public final class FeedbackTopology {

    /** How often feedback still waiting for its call is checked against the hold time. */
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private FeedbackTopology() {
    }

    /** Feedback and judgments joined to their calls, each keyed tenant|model on its model's partition. */
    public record Attributed(KStream<String, AttributedFeedback> feedback, KStream<String, AttributedJudgment> judgments) {
    }

    /**
     * Joins {@code feedback} and {@code judgments} (accepted) to {@code calls} (accepted); returns them
     * attributed, keyed tenant|model. Unmatched ones go to the DLQ, their serializer waiting out a
     * registry outage as {@code patience} allows.
     */
    public static Attributed attach(KStream<String, ModelCall> calls, KStream<String, Checked<Feedback>> feedback,
                                    KStream<String, Checked<Judgment>> judgments, Topics topics, FeedbackSettings settings,
                                    SchemaRegistry registry, RegistryPatience patience) {
        RegistryAvroSerializer<Feedback> serializer = new RegistryAvroSerializer<>(registry, patience);
        RegistryAvroSerializer<Judgment> judgmentSerializer = new RegistryAvroSerializer<>(registry, patience);
        KStream<String, JoinInput> feedbackByCall = feedback.map((key, value) ->
                KeyValue.pair(callKey(value.event().getTenant(), value.event().getCallEventId()),
                        JoinInput.of(value.event())), Named.as("feedback-by-call"));
        KStream<String, JoinInput> judgmentsByCall = judgments.map((key, value) ->
                KeyValue.pair(callKey(value.event().getTenant(), value.event().getCallEventId()),
                        JoinInput.of(value.event())), Named.as("judgments-by-call"));
        KStream<String, JoinInput> callRefs = calls.map((key, call) ->
                KeyValue.pair(callKey(call.getTenant(), call.getEventId()), JoinInput.of(new CallRef(call.getTenant(),
                        call.getCategory(), call.getModel(), call.getTimestamp().toEpochMilli()))), Named.as("calls-to-refs"));
        Map<String, KStream<String, JoinResult>> joined = callRefs
                .merge(feedbackByCall, Named.as("feedback-join-inputs"))
                .merge(judgmentsByCall, Named.as("judgment-join-inputs"))
                .repartition(Repartitioned.with(Serdes.String(), FeedbackJoinSerdes.joinInput()).withName("feedback-join"))
                .process(joiner(settings), Named.as("feedback-joiner"))
                .split(Named.as("feedback-joined-"))
                .branch((key, value) -> value.isAttributed(), Branched.as("attributed"))
                .branch((key, value) -> value.isJudged(), Branched.as("judged"))
                .branch((key, value) -> value.unjudged() != null, Branched.as("unjudged"))
                .defaultBranch(Branched.as("unmatched"));
        joined.get("feedback-joined-unmatched")
                .mapValues(result -> serializer.serialize(topics.feedback(), result.unmatched()), Named.as("feedback-unmatched-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("feedback-unmatched-dlq-sink"));
        joined.get("feedback-joined-unjudged")
                .mapValues(result -> judgmentSerializer.serialize(topics.judgments(), result.unjudged()), Named.as("judgment-unmatched-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("judgment-unmatched-dlq-sink"));
        KStream<String, AttributedJudgment> judged = joined.get("feedback-joined-judged")
                .mapValues(JoinResult::judged, Named.as("judgment-attributed"))
                .repartition(Repartitioned.with(Serdes.String(), FeedbackJoinSerdes.attributedJudgment())
                        .withName("judgment-by-model"));
        return new Attributed(joined.get("feedback-joined-attributed")
                .mapValues(JoinResult::attributed, Named.as("feedback-attributed"))
                .repartition(Repartitioned.with(Serdes.String(), FeedbackJoinSerdes.attributedFeedback())
                        .withName("feedback-by-model")), judged);
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
                        Serdes.String(), FeedbackJoinSerdes.pendingFeedback()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FeedbackJoiner.PENDING_JUDGMENTS_STORE),
                        Serdes.String(), FeedbackJoinSerdes.pendingJudgment()));
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
