package dev.modelperf.query.fuzz;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.keys.FeedbackKey;
import dev.modelperf.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Record values no client of ours writes, for the calls, feedback, comparisons and judgments topics: random bytes, an empty
 * or null value, a valid record cut short, the wrong magic byte, a schema id the registry never
 * gave, and a first string declaring a length far beyond the record.
 */
final class HostileBytes {

    /** One record to produce, and what kind of garbage it is. */
    record Garbage(String kind, String topic, String key, byte[] value) {

        @Override
        public String toString() {
            return kind + " on " + topic + " key " + key + ": " + (value == null ? "null" : HexFormat.of().formatHex(value, 0, Math.min(64, value.length)));
        }
    }

    private HostileBytes() {
    }

    /** Garbage for the calls and feedback topics, made from a valid call's and a valid feedback's bytes as the registry serializer writes them. */
    static Arbitrary<Garbage> garbage(byte[] validCall, byte[] validFeedback) {
        return garbage(Map.of(Topics.DEFAULT.calls(), validCall, Topics.DEFAULT.feedback(), validFeedback),
                Map.of(Topics.DEFAULT.calls(), new CallKey("fuzz-bytes", "openai/gpt-4o").encode(),
                        Topics.DEFAULT.feedback(), new FeedbackKey("fuzz-bytes", "no-such-call").encode()));
    }

    /** Garbage for each topic of {@code validByTopic}, made from its valid record's bytes, under the topic's key. */
    static Arbitrary<Garbage> garbage(Map<String, byte[]> validByTopic, Map<String, String> keyByTopic) {
        return Arbitraries.of(validByTopic.keySet().stream().sorted().toList()).flatMap(topic -> {
            byte[] good = validByTopic.get(topic);
            String key = keyByTopic.get(topic);
            Arbitrary<Garbage> kinds = Arbitraries.oneOf(
                    Arbitraries.bytes().array(byte[].class).ofMaxSize(120).map(bytes -> new Garbage("random bytes", topic, key, bytes)),
                    Arbitraries.of(new Garbage("empty", topic, key, new byte[0]), new Garbage("null value", topic, key, null)),
                    Arbitraries.integers().between(1, good.length - 1)
                            .map(cut -> new Garbage("truncated", topic, key, Arrays.copyOf(good, cut))),
                    Arbitraries.integers().between(1, 255).map(magic -> {
                        byte[] bytes = good.clone();
                        bytes[0] = (byte) (int) magic;
                        return new Garbage("wrong magic byte", topic, key, bytes);
                    }),
                    Arbitraries.integers().between(1_000_000, Integer.MAX_VALUE).map(id -> {
                        byte[] bytes = good.clone();
                        bytes[1] = (byte) (id >>> 24);
                        bytes[2] = (byte) (id >>> 16);
                        bytes[3] = (byte) (id >>> 8);
                        bytes[4] = (byte) (int) id;
                        return new Garbage("unknown schema id", topic, key, bytes);
                    }),
                    Combinators.combine(Arbitraries.longs().between(1L << 20, Long.MAX_VALUE / 2), Arbitraries.bytes().array(byte[].class).ofMaxSize(16))
                            .as((length, tail) -> {
                                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                                bytes.write(good, 0, 5);
                                long zigzag = length << 1;
                                while ((zigzag & ~0x7FL) != 0) {
                                    bytes.write((int) ((zigzag & 0x7F) | 0x80));
                                    zigzag >>>= 7;
                                }
                                bytes.write((int) zigzag);
                                bytes.writeBytes(tail);
                                return new Garbage("huge declared length", topic, key, bytes.toByteArray());
                            }));
            return kinds;
        });
    }

    static ModelCall validCall(String tenant, String eventId) {
        return ModelCall.newBuilder().setEventId(eventId).setTimestamp(Instant.now()).setTenant(tenant).setModel("openai/gpt-4o")
                .setProvider("openai").setCategory("code/backend/api").setComplexity(Complexity.MEDIUM).setLatencyMs(420)
                .setInputTokens(100).setOutputTokens(50).setStatus(CallStatus.OK).build();
    }

    static Comparison validComparison(String tenant, String eventId) {
        return Comparison.newBuilder().setEventId(eventId).setTimestamp(Instant.now()).setTenant(tenant).setCategory("code/backend/api")
                .setEntries(List.of(ComparisonEntry.newBuilder().setModel("openai/gpt-4o").setScore(0.9).build(),
                        ComparisonEntry.newBuilder().setModel("llama3:70b").setScore(0.4).build()))
                .setWinner("openai/gpt-4o").setJudge("fuzz-judge").build();
    }

    static Judgment validJudgment(String tenant, String callEventId) {
        return Judgment.newBuilder().setEventId(callEventId + "-j").setTimestamp(Instant.now()).setTenant(tenant)
                .setCallEventId(callEventId).setJudge("fuzz-rubric").setScores(Map.of("correctness", 0.8)).setPassed(true).build();
    }

    static Feedback validFeedback(String tenant, String callEventId) {
        return Feedback.newBuilder().setEventId(callEventId + "-fb").setTimestamp(Instant.now()).setTenant(tenant)
                .setCallEventId(callEventId).setSource(FeedbackSource.USER).setRating(1).build();
    }
}
