package dev.modelperf.streams.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link CallStats} for the window stores and their changelogs. Starts
 * with a format version so that a later layout can still read what is stored; the sketch is
 * DDSketch's own encoding without its index mapping, which is fixed.
 */
public final class CallStatsSerde implements Serde<CallStats> {

    private static final byte FORMAT_V1 = 1;

    @Override
    public Serializer<CallStats> serializer() {
        return (topic, stats) -> stats == null ? null : encode(stats);
    }

    @Override
    public Deserializer<CallStats> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(CallStats stats) {
        GrowingByteArrayOutput sketch = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            stats.latencySketch().encode(sketch, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] counts = stats.countsByStatus();
        ByteBuffer buffer = ByteBuffer.allocate(2 + 8 * counts.length + 8 * 5 + 4 + sketch.numWrittenBytes());
        buffer.put(FORMAT_V1).put((byte) counts.length);
        for (long c : counts) {
            buffer.putLong(c);
        }
        buffer.putLong(stats.count()).putLong(stats.inputTokens()).putLong(stats.outputTokens())
                .putDouble(stats.costUsd()).putLong(stats.costedCalls());
        buffer.putInt(sketch.numWrittenBytes()).put(sketch.backingArray(), 0, sketch.numWrittenBytes());
        return buffer.array();
    }

    static CallStats decode(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte format = buffer.get();
            if (format != FORMAT_V1) {
                throw new SerializationException("Unknown CallStats format " + format);
            }
            long[] counts = new long[dev.modelperf.events.CallStatus.values().length];
            int stored = buffer.get();
            for (int i = 0; i < stored; i++) {
                long c = buffer.getLong();
                if (i < counts.length) {
                    counts[i] = c;
                }
            }
            long count = buffer.getLong();
            long inputTokens = buffer.getLong();
            long outputTokens = buffer.getLong();
            double costUsd = buffer.getDouble();
            long costedCalls = buffer.getLong();
            int sketchLength = buffer.getInt();
            DDSketch sketch = DDSketch.decode(ByteArrayInput.wrap(bytes, buffer.position(), sketchLength),
                    CallStats.LATENCY_STORE, CallStats.LATENCY_MAPPING);
            return new CallStats(counts, sketch, count, inputTokens, outputTokens, costUsd, costedCalls);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("Corrupt CallStats of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }
}
