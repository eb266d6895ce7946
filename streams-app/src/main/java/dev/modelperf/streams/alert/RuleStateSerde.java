package dev.modelperf.streams.alert;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Compact binary form of {@link RuleState} for its store and changelog, versioned so a later layout can read it. */
public final class RuleStateSerde implements Serde<RuleState> {

    private static final byte FORMAT_V1 = 1;
    private static final int SIZE = 1 + 1 + 4 + 4 + 8;

    @Override
    public Serializer<RuleState> serializer() {
        return (topic, state) -> state == null ? null : ByteBuffer.allocate(SIZE).put(FORMAT_V1).put((byte) (state.firing() ? 1 : 0))
                .putInt(state.breaches()).putInt(state.clears()).putLong(state.startedAt()).array();
    }

    @Override
    public Deserializer<RuleState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != SIZE || bytes[0] != FORMAT_V1) {
                throw new SerializationException("Unknown RuleState format (" + bytes.length + " bytes, version " + bytes[0] + ")");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, SIZE - 1);
            return new RuleState(buffer.get() == 1, buffer.getInt(), buffer.getInt(), buffer.getLong());
        };
    }
}
