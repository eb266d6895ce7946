package dev.modelperf.streams.stores;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.modelperf.routing.cascade.ConfidenceHistogram;
import dev.modelperf.routing.cascade.Verdict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link RoutingStats} for the window stores and their changelogs: a
 * format byte, then varints. The confidence histogram is sparse (a layer's confidences crowd a
 * few bins, so most of its 300 counts are zero): per verdict, the number of non-empty bins, then
 * (bin, count) pairs. The latency sketch is written by {@link SketchCodec}, last.
 */
public final class RoutingStatsSerde implements Serde<RoutingStats> {

    private static final byte FORMAT_V1 = 1;
    private static final Verdict[] VERDICTS = {Verdict.CORRECT, Verdict.WRONG, Verdict.UNKNOWN};

    @Override
    public Serializer<RoutingStats> serializer() {
        return (topic, stats) -> stats == null ? null : encode(stats);
    }

    @Override
    public Deserializer<RoutingStats> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(RoutingStats stats) {
        VarIntWriter out = new VarIntWriter();
        out.writeVarLong(FORMAT_V1);
        for (long value : new long[] {stats.attempts, stats.accepted, stats.clarified, stats.judged, stats.correct, stats.positionSum,
                Double.doubleToLongBits(stats.confidenceSum), Double.doubleToLongBits(stats.latencySumMs)}) {
            out.writeVarLong(value);
        }
        for (Verdict verdict : VERDICTS) {
            int nonEmpty = 0;
            for (int bin = 0; bin < ConfidenceHistogram.BINS; bin++) {
                nonEmpty += stats.histogram.count(bin, verdict) == 0 ? 0 : 1;
            }
            out.writeVarLong(nonEmpty);
            for (int bin = 0; bin < ConfidenceHistogram.BINS; bin++) {
                long count = stats.histogram.count(bin, verdict);
                if (count != 0) {
                    out.writeVarLong(bin);
                    out.writeVarLong(count);
                }
            }
        }
        out.writeVarLong(stats.thresholds.size());
        for (RoutingStats.ThresholdSeen seen : stats.thresholds) {
            out.writeVarLong(Double.doubleToLongBits(seen.value()));
            out.writeVarLong(seen.firstSeenMs());
            out.writeVarLong(seen.lastSeenMs());
        }
        SketchCodec.encode(stats.latencyMs, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    public static RoutingStats decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long format = SketchCodec.readVarLong(in);
            if (format != FORMAT_V1) {
                throw new SerializationException("Unknown RoutingStats format " + format);
            }
            long[] scalars = new long[8];
            for (int i = 0; i < scalars.length; i++) {
                scalars[i] = SketchCodec.readVarLong(in);
            }
            long[][] counts = new long[VERDICTS.length][ConfidenceHistogram.BINS];
            for (long[] perBin : counts) {
                long nonEmpty = SketchCodec.readVarLong(in);
                for (long i = 0; i < nonEmpty; i++) {
                    int bin = (int) SketchCodec.readVarLong(in);
                    perBin[bin] = SketchCodec.readVarLong(in);
                }
            }
            int thresholdCount = (int) SketchCodec.readVarLong(in);
            List<RoutingStats.ThresholdSeen> thresholds = new ArrayList<>(thresholdCount);
            for (int i = 0; i < thresholdCount; i++) {
                thresholds.add(new RoutingStats.ThresholdSeen(Double.longBitsToDouble(SketchCodec.readVarLong(in)),
                        SketchCodec.readVarLong(in), SketchCodec.readVarLong(in)));
            }
            DDSketch latency = SketchCodec.decode(in);
            RoutingStats stats = new RoutingStats(latency, ConfidenceHistogram.of(counts[0], counts[1], counts[2]), thresholds);
            stats.attempts = scalars[0];
            stats.accepted = scalars[1];
            stats.clarified = scalars[2];
            stats.judged = scalars[3];
            stats.correct = scalars[4];
            stats.positionSum = scalars[5];
            stats.confidenceSum = Double.longBitsToDouble(scalars[6]);
            stats.latencySumMs = Double.longBitsToDouble(scalars[7]);
            return stats;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("Corrupt RoutingStats of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }
}
