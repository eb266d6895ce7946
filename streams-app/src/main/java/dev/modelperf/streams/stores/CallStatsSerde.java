package dev.modelperf.streams.stores;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link CallStats} for the window stores and their changelogs. Starts
 * with a format version so that a later layout can still read what is stored; each sketch is
 * written by {@link SketchCodec}. The success-latency sketch comes last, after the sketches of the
 * first layout, so that aggregates stored before it existed still read (with that sketch empty);
 * the figures per complexity come after it for the same reason (absent, they read as none).
 */
public final class CallStatsSerde implements Serde<CallStats> {

    private static final byte FORMAT_V1 = 1;
    /** Grows only at the end: a record written with fewer scalars reads its missing ones as 0. */
    private static final int SCALARS = 30;

    @Override
    public Serializer<CallStats> serializer() {
        return (topic, stats) -> stats == null ? null : encode(stats);
    }

    @Override
    public Deserializer<CallStats> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(CallStats stats) {
        VarIntWriter sketches = new VarIntWriter();
        SketchCodec.encode(stats.latencyMs, sketches);
        SketchCodec.encode(stats.timeToFirstTokenMs, sketches);
        SketchCodec.encode(stats.successLatencyMs, sketches);
        VarIntWriter complexities = new VarIntWriter();
        encodeComplexities(stats, complexities);
        byte[] provider = stats.provider == null ? new byte[0] : stats.provider.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(2 + provider.length + 1 + 3 + 8 * (stats.countsByStatus.length + 2 * CallStats.CRITERIA.length + SCALARS)
                + sketches.size() + complexities.size());
        buffer.put(FORMAT_V1).putShort((short) provider.length).put(provider).put((byte) stats.countsByStatus.length).put((byte) CallStats.CRITERIA.length).put((byte) SCALARS);
        for (long c : stats.countsByStatus) {
            buffer.putLong(c);
        }
        for (int i = 0; i < CallStats.CRITERIA.length; i++) {
            buffer.putLong(stats.criterionSums[i]).putLong(stats.criterionCounts[i]);
        }
        buffer.putLong(stats.count).putLong(stats.inputTokens).putLong(stats.outputTokens)
                .putLong(stats.generatedTokens).putLong(stats.generationMs)
                .putDouble(stats.costUsd).putLong(stats.reportedCostCalls).putLong(stats.estimatedCostCalls)
                .putDouble(stats.qualitySum).putLong(stats.qualityCount)
                .putLong(stats.feedbackCount).putLong(stats.thumbsUp).putLong(stats.thumbsDown).putLong(stats.thumbsNeutral)
                .putLong(stats.helpfulYes).putLong(stats.helpfulAnswers).putLong(stats.implementedYes)
                .putLong(stats.implementedAnswers).putLong(stats.lastCallMs)
                .putLong(stats.judgmentCount).putDouble(stats.judgedQualitySum).putLong(stats.judgedQualityCount)
                .putLong(stats.passedYes).putLong(stats.passedAnswers).putDouble(stats.minimalitySum).putLong(stats.minimalityCount)
                .putLong(stats.thinkingTokensUsed).putLong(stats.thinkingUsedCount).putLong(stats.budgetedTokensUsed)
                .putLong(stats.thinkingBudgetTokens);
        buffer.put(sketches.array(), 0, sketches.size());
        buffer.put(complexities.array(), 0, complexities.size());
        return buffer.array();
    }

    /**
     * The figures per complexity, as varints: a complexity without calls takes one byte, and its
     * successes and quality scores, which only calls carry, are left out with it; so is the
     * quality sum of a complexity without quality scores. Every byte counts: an aggregate is
     * rewritten after each call.
     */
    static void encodeComplexities(CallStats stats, VarIntWriter out) {
        out.writeVarLong(CallStats.COMPLEXITIES.length);
        for (int i = 0; i < CallStats.COMPLEXITIES.length; i++) {
            out.writeVarLong(stats.callsByComplexity[i]);
            if (stats.callsByComplexity[i] > 0) {
                out.writeVarLong(stats.successesByComplexity[i]);
                out.writeVarLong(stats.qualityCountByComplexity[i]);
                if (stats.qualityCountByComplexity[i] > 0) {
                    out.writeFixedLong(Double.doubleToRawLongBits(stats.qualitySumByComplexity[i]));
                }
            }
        }
    }

    public static CallStats decode(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte format = buffer.get();
            if (format != FORMAT_V1) {
                throw new SerializationException("Unknown CallStats format " + format);
            }
            byte[] provider = new byte[buffer.getShort()];
            buffer.get(provider);
            int statuses = buffer.get();
            int criteria = buffer.get();
            int scalars = buffer.get();
            long[] counts = new long[CallStats.STATUSES.length];
            for (int i = 0; i < statuses; i++) {
                long c = buffer.getLong();
                if (i < counts.length) {
                    counts[i] = c;
                }
            }
            long[] sums = new long[CallStats.CRITERIA.length];
            long[] scored = new long[CallStats.CRITERIA.length];
            for (int i = 0; i < criteria; i++) {
                long sum = buffer.getLong();
                long n = buffer.getLong();
                if (i < sums.length) {
                    sums[i] = sum;
                    scored[i] = n;
                }
            }
            long[] values = new long[Math.max(scalars, SCALARS)];
            for (int i = 0; i < scalars; i++) {
                values[i] = buffer.getLong();
            }
            DDSketch latency = SketchCodec.decode(buffer);
            DDSketch ttft = SketchCodec.decode(buffer);
            DDSketch successLatency = buffer.hasRemaining() ? SketchCodec.decode(buffer) : CallStats.newSketch();
            CallStats stats = new CallStats(counts, latency, successLatency, ttft, sums, scored);
            stats.count = values[0];
            stats.inputTokens = values[1];
            stats.outputTokens = values[2];
            stats.generatedTokens = values[3];
            stats.generationMs = values[4];
            stats.costUsd = Double.longBitsToDouble(values[5]);
            stats.reportedCostCalls = values[6];
            stats.estimatedCostCalls = values[7];
            stats.qualitySum = Double.longBitsToDouble(values[8]);
            stats.qualityCount = values[9];
            stats.feedbackCount = values[10];
            stats.thumbsUp = values[11];
            stats.thumbsDown = values[12];
            stats.thumbsNeutral = values[13];
            stats.helpfulYes = values[14];
            stats.helpfulAnswers = values[15];
            stats.implementedYes = values[16];
            stats.implementedAnswers = values[17];
            stats.lastCallMs = values[18];
            stats.judgmentCount = values[19];
            stats.judgedQualitySum = Double.longBitsToDouble(values[20]);
            stats.judgedQualityCount = values[21];
            stats.passedYes = values[22];
            stats.passedAnswers = values[23];
            stats.minimalitySum = Double.longBitsToDouble(values[24]);
            stats.minimalityCount = values[25];
            stats.thinkingTokensUsed = values[26];
            stats.thinkingUsedCount = values[27];
            stats.budgetedTokensUsed = values[28];
            stats.thinkingBudgetTokens = values[29];
            stats.provider = provider.length == 0 ? null : new String(provider, StandardCharsets.UTF_8);
            long complexities = buffer.hasRemaining() ? SketchCodec.readVarLong(buffer) : 0;
            for (int i = 0; i < complexities; i++) {
                long calls = SketchCodec.readVarLong(buffer);
                long successes = calls > 0 ? SketchCodec.readVarLong(buffer) : 0;
                long qualityCount = calls > 0 ? SketchCodec.readVarLong(buffer) : 0;
                double qualitySum = qualityCount > 0 ? buffer.getDouble() : 0;
                if (i < CallStats.COMPLEXITIES.length) {
                    stats.callsByComplexity[i] = calls;
                    stats.successesByComplexity[i] = successes;
                    stats.qualitySumByComplexity[i] = qualitySum;
                    stats.qualityCountByComplexity[i] = qualityCount;
                }
            }
            return stats;
        } catch (RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("Corrupt CallStats of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }
}
