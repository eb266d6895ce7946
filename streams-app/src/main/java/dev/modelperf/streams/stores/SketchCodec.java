package dev.modelperf.streams.stores;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.nio.ByteBuffer;

/**
 * A latency sketch in one pass: the non-empty bins as (index delta, count) varints, then the
 * count of values too small to index. DDSketch's own encoding sizes a dense and a sparse form of
 * every store before writing one, which cost more than the rest of the per-call path together;
 * only integer counts are ever added here, so counts are written as whole numbers. The index
 * mapping and store bounds are fixed by {@link CallStats}, so they are not written.
 */
final class SketchCodec {

    private SketchCodec() {
    }

    /** Appends {@code sketch} to {@code out}: (index delta, count) pairs, a (0, 0) terminator, then the zero count. */
    static void encode(DDSketch sketch, VarIntWriter out) {
        int[] previous = {0};
        long[] indexed = {0};
        sketch.getPositiveValueStore().forEach((index, count) -> {
            long whole = Math.round(count);
            out.writeVarLong(zigZag(index - previous[0]));
            out.writeVarLong(whole);
            indexed[0] += whole;
            previous[0] = index;
        });
        out.writeVarLong(0);
        out.writeVarLong(0);
        out.writeVarLong(Math.round(sketch.getCount()) - indexed[0]);
    }

    static DDSketch decode(ByteBuffer in) {
        Store bins = CallStats.SKETCH_STORE.get();
        int index = 0;
        while (true) {
            int delta = unZigZag(readVarLong(in));
            long count = readVarLong(in);
            if (count == 0) {
                break;
            }
            index += delta;
            bins.add(index, count);
        }
        long zeros = readVarLong(in);
        return DDSketch.of(CallStats.SKETCH_MAPPING, CallStats.SKETCH_STORE.get(), bins, zeros);
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static int unZigZag(long value) {
        return (int) ((value >>> 1) ^ -(value & 1));
    }

    static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits");
    }
}
