package dev.modelperf.streams.validate;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.schemas.validation.JudgmentRules;
import dev.modelperf.schemas.validation.ModelCallRules;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The entry of the topology: the calls, feedback and judgments topics, read as raw bytes and validated, so
 * that a record that cannot be decoded or breaks a rule goes to the DLQ with its reason instead
 * of stopping a stream thread. Everything downstream sees only accepted events. A registry that
 * cannot answer is no reason to refuse a record: the deserializer waits as {@code patience}
 * allows, then throws {@link dev.modelperf.schemas.serde.RegistryUnavailableException}, which
 * fails the task's transaction so that the record is read again (see {@code ModelPerfStreams}).
 */
public final class ValidationTopology {

    private ValidationTopology() {
    }

    /** Reads and validates the calls topic; returns the accepted calls (keyed tenant|model), rejected ones go to the DLQ. */
    public static KStream<String, ModelCall> acceptedCalls(StreamsBuilder builder, Topics topics, ValidationSettings settings,
                                                           SchemaRegistry registry, RegistryPatience patience) {
        RegistryAvroDeserializer<ModelCall> deserializer = new RegistryAvroDeserializer<>(registry, ModelCall.getClassSchema(), patience);
        ModelCallRules rules = settings.callRules();
        Map<String, KStream<String, CheckedCall>> branches = builder
                .stream(topics.calls(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("calls-source"))
                .process(() -> new CallValidator(deserializer, rules, settings.lateAfter()), Named.as("calls-validate"))
                .split(Named.as("calls-route-"))
                .branch((key, value) -> value.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));
        branches.get("calls-route-rejected")
                .mapValues(CheckedCall::raw, Named.as("calls-rejected-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq-sink"));
        return branches.get("calls-route-accepted").mapValues(CheckedCall::call, Named.as("calls-unwrap"));
    }

    /** Reads and validates the feedback topic; returns the accepted feedback, rejected feedback goes to the DLQ. */
    public static KStream<String, CheckedFeedback> acceptedFeedback(StreamsBuilder builder, Topics topics,
                                                                    ValidationSettings settings, SchemaRegistry registry,
                                                                    RegistryPatience patience) {
        RegistryAvroDeserializer<Feedback> deserializer = new RegistryAvroDeserializer<>(registry, Feedback.getClassSchema(), patience);
        FeedbackRules rules = settings.feedbackRules();
        Map<String, KStream<String, CheckedFeedback>> branches = builder
                .stream(topics.feedback(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("feedback-source"))
                .process(() -> new FeedbackValidator(deserializer, rules), Named.as("feedback-validate"))
                .split(Named.as("feedback-route-"))
                .branch((key, value) -> value.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));
        branches.get("feedback-route-rejected")
                .mapValues(CheckedFeedback::raw, Named.as("feedback-rejected-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("feedback-dlq-sink"));
        return branches.get("feedback-route-accepted");
    }

    /** Reads and validates the judgments topic; returns the accepted judgments, rejected ones go to the DLQ. */
    public static KStream<String, CheckedJudgment> acceptedJudgments(StreamsBuilder builder, Topics topics,
                                                                     ValidationSettings settings, SchemaRegistry registry,
                                                                     RegistryPatience patience) {
        RegistryAvroDeserializer<Judgment> deserializer = new RegistryAvroDeserializer<>(registry, Judgment.getClassSchema(), patience);
        JudgmentRules rules = settings.judgmentRules();
        Map<String, KStream<String, CheckedJudgment>> branches = builder
                .stream(topics.judgments(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("judgments-source"))
                .process(() -> new JudgmentValidator(deserializer, rules), Named.as("judgments-validate"))
                .split(Named.as("judgments-route-"))
                .branch((key, value) -> value.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));
        branches.get("judgments-route-rejected")
                .mapValues(CheckedJudgment::raw, Named.as("judgments-rejected-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("judgments-dlq-sink"));
        return branches.get("judgments-route-accepted");
    }
}
