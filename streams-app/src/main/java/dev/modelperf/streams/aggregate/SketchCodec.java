package dev.modelperf.streams.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.io.ByteArrayOutputStream;
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

    static void encode(DDSketch sketch, ByteArrayOutputStream out) {
        Store bins = sketch.getPositiveValueStore();
        int[] nonEmpty = {0};
        bins.forEach((index, count) -> nonEmpty[0]++);
        writeVarLong(out, nonEmpty[0]);
        int[] previous = {0};
        bins.forEach((index, count) -> {
            writeVarLong(out, zigZag(index - previous[0]));
            writeVarLong(out, Math.round(count));
            previous[0] = index;
        });
        writeVarLong(out, Math.round(sketch.getCount() - bins.getTotalCount()));
    }

    static DDSketch decode(ByteBuffer in) {
        Store bins = CallStats.SKETCH_STORE.get();
        long binCount = readVarLong(in);
        int index = 0;
        for (long i = 0; i < binCount; i++) {
            index += unZigZag(readVarLong(in));
            bins.add(index, readVarLong(in));
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

    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarLong(ByteBuffer in) {
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
