package dev.modelperf.streams.health;

import dev.modelperf.events.HealthStatus;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link HealthState} for the health store and its changelog, starting with
 * a format version so that a later layout can still read what is stored. The status is stored by
 * name, not ordinal, so that reordering the Avro enum cannot change a stored status.
 */
public final class HealthStateSerde implements Serde<HealthState> {

    private static final byte FORMAT_V1 = 1;
    private static final long ABSENT = Long.MIN_VALUE;

    @Override
    public Serializer<HealthState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<HealthState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(HealthState state) {
        byte[] status = state.status().name().getBytes(StandardCharsets.UTF_8);
        byte[] error = state.lastError() == null ? null : state.lastError().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 1 + status.length + 4 + 4 + 8 * 5 + 4 + (error == null ? 0 : error.length));
        buffer.put(FORMAT_V1).put((byte) status.length).put(status);
        buffer.putInt(state.consecutiveFailures()).putInt(state.ejectionLevel());
        buffer.putLong(orAbsent(state.since())).putLong(orAbsent(state.until()));
        buffer.putLong(state.lastCallAt()).putLong(state.healthySince()).putLong(orAbsent(state.publishedAt()));
        buffer.putInt(error == null ? -1 : error.length);
        if (error != null) {
            buffer.put(error);
        }
        return buffer.array();
    }

    static HealthState decode(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte format = buffer.get();
            if (format != FORMAT_V1) {
                throw new SerializationException("Unknown HealthState format " + format);
            }
            byte[] status = new byte[buffer.get()];
            buffer.get(status);
            int failures = buffer.getInt();
            int level = buffer.getInt();
            Long since = present(buffer.getLong());
            Long until = present(buffer.getLong());
            long lastCallAt = buffer.getLong();
            long healthySince = buffer.getLong();
            Long publishedAt = present(buffer.getLong());
            int errorLength = buffer.getInt();
            String error = null;
            if (errorLength >= 0) {
                byte[] errorBytes = new byte[errorLength];
                buffer.get(errorBytes);
                error = new String(errorBytes, StandardCharsets.UTF_8);
            }
            return new HealthState(HealthStatus.valueOf(new String(status, StandardCharsets.UTF_8)), failures, level, since, until,
                    error, lastCallAt, healthySince, publishedAt);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("Corrupt HealthState of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    private static long orAbsent(Long value) {
        return value == null ? ABSENT : value;
    }

    private static Long present(long value) {
        return value == ABSENT ? null : value;
    }
}
