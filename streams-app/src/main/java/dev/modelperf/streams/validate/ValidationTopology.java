package dev.modelperf.streams.validate;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.schemas.validation.JudgmentRules;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.validate.EventValidator.Validation;
import java.time.Duration;
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
        Validation<ModelCall> validation = Validation.of("calls", "calls are never deleted", deserializer, rules::check)
                .withCheck(placement(settings.lateAfter()))
                .withEventTime(call -> call.getTimestamp().toEpochMilli());
        return validated(builder, topics.calls(), topics.dlq(), "dlq-sink", validation)
                .mapValues(Checked::event, Named.as("calls-unwrap"));
    }

    /**
     * Refuses a call that sits on a key other than its tenant and model (per-model state must stay
     * on one partition) or is further behind stream time than {@code lateAfter}, the longest the
     * aggregates still take it in.
     */
    private static EventValidator.Check<ModelCall> placement(Duration lateAfter) {
        long lateAfterMs = lateAfter.toMillis();
        return (call, key, nowMs, streamTimeMs) -> {
            String expectedKey = new CallKey(call.getTenant(), call.getModel()).encode();
            if (!expectedKey.equals(key)) {
                return "key must be tenant|model of the call (" + expectedKey + ") so that per-model state stays on one partition (was "
                        + key + ")";
            }
            long behind = streamTimeMs - call.getTimestamp().toEpochMilli();
            if (behind > lateAfterMs) {
                return "too late: timestamp is " + behind + " ms behind stream time, the aggregates keep " + lateAfterMs + " ms";
            }
            return null;
        };
    }

    /**
     * Reads and validates the feedback topic; returns the accepted feedback, rejected feedback goes to the DLQ.
     * Accepted feedback carries its {@link DlqHeaders#markSource source}: the join and the limits may refuse it
     * after a repartition, and the DLQ record must name the feedback topic, not theirs.
     */
    public static KStream<String, Checked<Feedback>> acceptedFeedback(StreamsBuilder builder, Topics topics,
                                                                      ValidationSettings settings, SchemaRegistry registry,
                                                                      RegistryPatience patience) {
        RegistryAvroDeserializer<Feedback> deserializer = new RegistryAvroDeserializer<>(registry, Feedback.getClassSchema(), patience);
        FeedbackRules rules = settings.feedbackRules();
        return validated(builder, topics.feedback(), topics.dlq(), "feedback-dlq-sink",
                Validation.of("feedback", "feedback is never deleted", deserializer, rules::check).markingSource());
    }

    /**
     * Reads and validates the judgments topic; returns the accepted judgments, rejected ones go to the DLQ.
     * Accepted judgments carry their source, as feedback does, for the join and the limits to name.
     */
    public static KStream<String, Checked<Judgment>> acceptedJudgments(StreamsBuilder builder, Topics topics,
                                                                       ValidationSettings settings, SchemaRegistry registry,
                                                                       RegistryPatience patience) {
        RegistryAvroDeserializer<Judgment> deserializer = new RegistryAvroDeserializer<>(registry, Judgment.getClassSchema(), patience);
        JudgmentRules rules = settings.judgmentRules();
        return validated(builder, topics.judgments(), topics.dlq(), "judgments-dlq-sink",
                Validation.of("judgments", "judgments are never deleted", deserializer, rules::check).markingSource());
    }

    /**
     * Reads {@code topic} as bytes and validates it: rejected records go to {@code dlq} as they were
     * read, the accepted ones are returned still wrapped. The processors are named after the
     * validation's source ({@code calls-validate}, ...); only the DLQ sink is named by the caller,
     * because the calls' one, the first, is plain {@code dlq-sink} in the pinned topology.
     */
    public static <T> KStream<String, Checked<T>> validated(StreamsBuilder builder, String topic, String dlq, String dlqSink,
                                                            Validation<T> validation) {
        String name = validation.source();
        Map<String, KStream<String, Checked<T>>> branches = builder
                .stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-source"))
                .process(validation, Named.as(name + "-validate"))
                .split(Named.as(name + "-route-"))
                .branch((key, value) -> value.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));
        branches.get(name + "-route-rejected")
                .mapValues(Checked::raw, Named.as(name + "-rejected-raw"))
                .to(dlq, Produced.with(Serdes.String(), Serdes.ByteArray()).withName(dlqSink));
        return branches.get(name + "-route-accepted");
    }
}
