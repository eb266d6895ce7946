package dev.modelperf.streams.stores;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Judgment;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CallStatsSerdeTest {

    /** The per-complexity figures at the end of an aggregate: their count, then four 8-byte figures each. */

    private final CallStatsSerde serde = new CallStatsSerde();

    @Test
    void roundTripKeepsEveryFigure() {
        CallStats stats = new CallStats();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            CallStatus status = i % 10 == 0 ? CallStatus.TIMEOUT : CallStatus.OK;
            long latency = 20 + random.nextInt(20_000);
            stats.add(call("m", "code", latency, status, Instant.EPOCH.plusSeconds(1))
                    .setTimeToFirstTokenMs(latency / 4).setQualityScore(0.5).build(), 0.001, i % 2 == 0);
        }
        byte[] bytes = serde.serializer().serialize("t", stats);
        CallStats back = serde.deserializer().deserialize("t", bytes);

        assertThat(back.count()).isEqualTo(5_000);
        assertThat(back.successes()).isEqualTo(4_500);
        assertThat(back.failuresByStatus()).containsEntry(CallStatus.TIMEOUT, 500L);
        assertThat(back.inputTokens()).isEqualTo(stats.inputTokens());
        assertThat(back.costUsd()).isEqualTo(stats.costUsd());
        assertThat(back.latencyQuantileMs(0.95)).isEqualTo(stats.latencyQuantileMs(0.95));
        assertThat(back.successLatencyQuantileMs(0.95)).isEqualTo(stats.successLatencyQuantileMs(0.95));
        assertThat(back.timeToFirstTokenMs().getValueAtQuantile(0.5)).isEqualTo(stats.timeToFirstTokenMs().getValueAtQuantile(0.5));
        assertThat(back.reportedCostCalls()).isEqualTo(2_500);
        assertThat(back.estimatedCostCalls()).isEqualTo(2_500);
        assertThat(back.meanQuality()).isEqualTo(0.5);
        assertThat(back.outputTokensPerSecond()).isEqualTo(stats.outputTokensPerSecond());
        assertThat(back.provider()).isEqualTo("openai");
        assertThat(back.lastCallMs()).isEqualTo(1_000);
        System.out.printf("Serialized size of an aggregate of 5,000 calls with latency, success-latency and TTFT sketches: %d bytes%n", bytes.length);
        assertThat(bytes.length).as("serialized size of a busy aggregate").isLessThanOrEqualTo(2048);
    }

    @Test
    void successLatencyLeavesFailedCallsOut() {
        CallStats stats = new CallStats()
                .add(call("m", "code", 40, CallStatus.SERVER_ERROR, Instant.EPOCH).build(), null, false)
                .add(call("m", "code", 1_500, CallStatus.OK, Instant.EPOCH).build(), null, false);

        assertThat(stats.latencyQuantileMs(0)).isCloseTo(40, within(0.5));
        assertThat(stats.successLatencyQuantileMs(0)).isCloseTo(1_500, within(15.0));
        assertThat(new CallStats().successLatencyQuantileMs(0.5)).isNaN();
    }

    @Test
    void aggregatesStoredBeforeTheSuccessLatencySketchStillRead() {
        CallStats stats = new CallStats().add(call("m", "code", 300, CallStatus.OK, Instant.EPOCH).build(), null, false);
        byte[] bytes = CallStatsSerde.encode(stats);
        VarIntWriter lastSketch = new VarIntWriter();
        SketchCodec.encode(stats.successLatencyMs, lastSketch);
        byte[] firstLayout = Arrays.copyOf(bytes, bytes.length - complexityTail(stats) - lastSketch.size());

        CallStats back = CallStatsSerde.decode(firstLayout);

        assertThat(back.count()).isEqualTo(1);
        assertThat(back.latencyQuantileMs(0.5)).isEqualTo(stats.latencyQuantileMs(0.5));
        assertThat(back.successLatencyQuantileMs(0.5)).isNaN();
    }

    @Test
    void judgmentFiguresRoundTripAndMerge() {
        CallStats stats = new CallStats()
                .addJudgment(judgment().setOverallScore(0.7).setPassed(true).setMinimality(0.4)
                        .setThinkingBudgetTokens(1_000L).setThinkingTokensUsed(600L).build())
                .addJudgment(judgment().setPassed(false).setThinkingTokensUsed(200L).build());

        CallStats back = CallStatsSerde.decode(CallStatsSerde.encode(stats)).merge(stats);

        assertThat(back.judgmentCount()).isEqualTo(4);
        assertThat(back.judgedQualityCount()).isEqualTo(4);
        assertThat(back.meanJudgedQuality()).isCloseTo(0.35, within(1e-9));
        assertThat(back.passedYes()).isEqualTo(2);
        assertThat(back.passedAnswers()).isEqualTo(4);
        assertThat(back.meanMinimality()).isEqualTo(0.4);
        assertThat(back.minimalityCount()).isEqualTo(2);
        assertThat(back.meanThinkingTokensUsed()).isEqualTo(400.0);
        assertThat(back.thinkingBudgetUse()).isEqualTo(0.6);
    }

    @Test
    void aggregatesStoredBeforeJudgmentsStillRead() {
        CallStats stats = new CallStats().add(call("m", "code", 300, CallStatus.OK, Instant.EPOCH).build(), null, false)
                .addJudgment(judgment().setOverallScore(0.7).build());
        byte[] bytes = CallStatsSerde.encode(stats);
        int provider = ByteBuffer.wrap(bytes, 1, 2).getShort();
        int scalarsAt = 1 + 2 + provider + 2;
        int judgmentScalarsAt = scalarsAt + 1 + 8 * (CallStats.STATUSES.length + 2 * CallStats.CRITERIA.length + 19);
        byte[] before = new byte[bytes.length - 8 * 11];
        System.arraycopy(bytes, 0, before, 0, judgmentScalarsAt);
        System.arraycopy(bytes, judgmentScalarsAt + 8 * 11, before, judgmentScalarsAt, bytes.length - judgmentScalarsAt - 8 * 11);
        before[scalarsAt] = 19;

        CallStats back = CallStatsSerde.decode(before);

        assertThat(back.count()).isEqualTo(1);
        assertThat(back.lastCallMs()).isEqualTo(stats.lastCallMs());
        assertThat(back.latencyQuantileMs(0.5)).isEqualTo(stats.latencyQuantileMs(0.5));
        assertThat(back.judgmentCount()).isZero();
        assertThat(back.meanJudgedQuality()).isNaN();
    }

    private static Judgment.Builder judgment() {
        return Judgment.newBuilder().setEventId("j").setTimestamp(Instant.EPOCH).setCallEventId("c").setJudge("judge");
    }

    @Test
    void figuresPerComplexityRoundTripAndMerge() {
        CallStats stats = new CallStats()
                .add(call("m", "code", 300, CallStatus.OK, Instant.EPOCH).setComplexity(Complexity.HIGH).setQualityScore(0.25).build(), null, false)
                .add(call("m", "code", 300, CallStatus.TIMEOUT, Instant.EPOCH).setComplexity(Complexity.HIGH).build(), null, false)
                .add(call("m", "code", 300, CallStatus.OK, Instant.EPOCH).setComplexity(Complexity.UNKNOWN).setQualityScore(1.0).build(),
                        null, false);

        CallStats back = CallStatsSerde.decode(CallStatsSerde.encode(stats)).merge(stats);

        assertThat(back.calls(Complexity.HIGH)).isEqualTo(4);
        assertThat(back.successes(Complexity.HIGH)).isEqualTo(2);
        assertThat(back.qualitySum(Complexity.HIGH)).isEqualTo(0.5);
        assertThat(back.qualityCount(Complexity.HIGH)).isEqualTo(2);
        assertThat(back.calls(Complexity.UNKNOWN)).isEqualTo(2);
        assertThat(back.qualitySum(Complexity.UNKNOWN)).isEqualTo(2.0);
        assertThat(back.calls(Complexity.LOW)).isZero();
    }

    @Test
    void aggregatesStoredBeforeTheFiguresPerComplexityReadWithNone() {
        CallStats stats = new CallStats().add(call("m", "code", 300, CallStatus.OK, Instant.EPOCH)
                .setComplexity(Complexity.LOW).build(), null, false);
        byte[] bytes = CallStatsSerde.encode(stats);

        CallStats back = CallStatsSerde.decode(Arrays.copyOf(bytes, bytes.length - complexityTail(stats)));

        assertThat(back.count()).isEqualTo(1);
        assertThat(back.successLatencyQuantileMs(0.5)).isEqualTo(stats.successLatencyQuantileMs(0.5));
        assertThat(back.calls(Complexity.LOW)).isZero();
    }

    @Test
    void corruptBytesAreASerializationError() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 1}))
                .isInstanceOf(SerializationException.class).hasMessage("Unknown CallStats format 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0, 6, 0}))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("Corrupt CallStats of 5 bytes");
    }

    private static int complexityTail(CallStats stats) {
        VarIntWriter tail = new VarIntWriter();
        CallStatsSerde.encodeComplexities(stats, tail);
        return tail.size();
    }
}
