package dev.modelperf.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema-registry wire format: magic byte {@code 0x00}, the schema id as a 4-byte big-endian
 * int, then the Avro binary encoding, except that a top-level {@code bytes} value is written raw
 * (no length prefix), as Confluent's serializer does.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The Avro schema a datum is written with: its own for records, the primitive's otherwise. */
    public static Schema schemaOf(Object datum) {
        if (datum instanceof org.apache.avro.generic.GenericContainer container) {
            return container.getSchema();
        }
        if (datum instanceof byte[] || datum instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        if (datum instanceof CharSequence) {
            return Schema.create(Schema.Type.STRING);
        }
        if (datum instanceof Integer) {
            return Schema.create(Schema.Type.INT);
        }
        if (datum instanceof Long) {
            return Schema.create(Schema.Type.LONG);
        }
        if (datum instanceof Double) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (datum instanceof Float) {
            return Schema.create(Schema.Type.FLOAT);
        }
        if (datum instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        throw new SerializationException("Cannot serialize a " + datum.getClass().getName()
                + " as Avro: expected an Avro record or a primitive (bytes, string, int, long, float, double, boolean)");
    }

    /** Encodes {@code datum} written with {@code schema} under schema id {@code id}. */
    public static byte[] encode(int id, Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        if (schema.getType() == Schema.Type.BYTES) {
            byte[] raw = datum instanceof ByteBuffer buffer ? toArray(buffer) : (byte[]) datum;
            out.writeBytes(raw);
            return out.toByteArray();
        }
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(schema, datum).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The schema id of a wire-format payload.
     *
     * @throws SerializationException naming {@code topic} when the payload is not in the wire format
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Record on topic " + topic + " is " + data.length
                    + " bytes, shorter than the 5-byte registry wire-format header");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Record on topic %s starts with magic byte 0x%02x; the registry wire format needs 0x00", topic, data[0]));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, Object datum) {
        if (datum instanceof SpecificRecord) {
            return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
