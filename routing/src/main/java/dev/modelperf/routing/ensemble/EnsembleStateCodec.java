package dev.modelperf.routing.ensemble;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of an {@link EnsembleState} for stores and their changelogs: a format byte, the
 * scalars and the per-{@code k} counts (about 0.7 KiB whatever the traffic), then about 80 bytes
 * per tracked model.
 */
public final class EnsembleStateCodec {

    private static final byte FORMAT_V1 = 1;

    private EnsembleStateCodec() {
    }

    public static byte[] encode(EnsembleState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 64 * state.models.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeDouble(state.lowVariance());
            out.writeLong(state.comparisons);
            out.writeLong(state.decided);
            out.writeLong(state.ties);
            out.writeLong(state.untrackedAnswers);
            out.writeLong(state.costedPanels);
            out.writeDouble(state.panelCostSum);
            for (long[] counts : new long[][] {state.panelSizes, state.asked, state.agreed, state.lowAsked, state.lowAgreed}) {
                for (long count : counts) {
                    out.writeLong(count);
                }
            }
            out.writeShort(state.models.size());
            for (Map.Entry<String, ModelTally> entry : state.models.entrySet()) {
                ModelTally tally = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeLong(tally.answers);
                out.writeLong(tally.decidedAnswers);
                out.writeDouble(tally.wins);
                out.writeLong(tally.scored);
                out.writeDouble(tally.scoreSum);
                out.writeLong(tally.costed);
                out.writeDouble(tally.costSum);
                out.writeLong(tally.timed);
                out.writeDouble(tally.latencySumMs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #encode} wrote; fails with {@link IllegalArgumentException} on anything else. */
    public static EnsembleState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new IllegalArgumentException("unknown ensemble state format " + format);
            }
            double lowVariance = in.readDouble();
            long comparisons = in.readLong();
            long decided = in.readLong();
            long ties = in.readLong();
            long untracked = in.readLong();
            long costedPanels = in.readLong();
            double panelCostSum = in.readDouble();
            long[] panelSizes = readCounts(in, EnsembleState.MAX_PANEL + 1);
            long[] asked = readCounts(in, EnsembleState.MAX_PANEL);
            long[] agreed = readCounts(in, EnsembleState.MAX_PANEL);
            long[] lowAsked = readCounts(in, EnsembleState.MAX_PANEL);
            long[] lowAgreed = readCounts(in, EnsembleState.MAX_PANEL);
            int modelCount = in.readShort();
            if (modelCount < 0 || modelCount > EnsembleState.MAX_MODELS) {
                throw new IllegalArgumentException("an ensemble state tracks at most " + EnsembleState.MAX_MODELS + " models, not "
                        + modelCount);
            }
            Map<String, ModelTally> models = new TreeMap<>();
            for (int i = 0; i < modelCount; i++) {
                models.put(in.readUTF(), new ModelTally(in.readLong(), in.readLong(), in.readDouble(), in.readLong(), in.readDouble(),
                        in.readLong(), in.readDouble(), in.readLong(), in.readDouble()));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " bytes left over");
            }
            EnsembleState state = new EnsembleState(lowVariance, models, panelSizes, asked, agreed, lowAsked, lowAgreed);
            state.comparisons = comparisons;
            state.decided = decided;
            state.ties = ties;
            state.untrackedAnswers = untracked;
            state.costedPanels = costedPanels;
            state.panelCostSum = panelCostSum;
            return state;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt ensemble state of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    private static long[] readCounts(DataInputStream in, int length) throws IOException {
        long[] counts = new long[length];
        for (int i = 0; i < length; i++) {
            counts[i] = in.readLong();
        }
        return counts;
    }
}
