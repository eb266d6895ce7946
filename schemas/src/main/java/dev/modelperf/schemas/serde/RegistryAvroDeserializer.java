package dev.modelperf.schemas.serde;

import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads registry-wire-format values. With a reader schema (a generated class's), the writer's
 * schema is resolved against it, so older and newer producers both decode; without one, values
 * come back as generic data. Every malformed payload is a {@link SerializationException} naming
 * the topic and what is wrong; callers attach partition and offset. A declared length beyond the
 * payload is refused before it is allocated ({@link BoundedDecoder}).
 *
 * <p>A registry that cannot answer (unreachable, timing out, failing with a 5xx) is not a bad
 * payload: the deserializer keeps asking as its {@link RegistryPatience} allows, then throws
 * {@link RegistryUnavailableException}, which is deliberately not a {@link SerializationException},
 * so that no caller dead-letters a valid record because of an outage. Only a registry that answers
 * "no such id" makes the record undecodable.
 */
public final class RegistryAvroDeserializer<T> implements Deserializer<T> {

    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final RegistryPatience patience;
    private final Map<Integer, Decoding> decodingsById = new ConcurrentHashMap<>();

    private record Decoding(Schema writer, DatumReader<Object> reader) {
    }

    /** Decodes into the generated class whose schema is {@code readerSchema}, or generic data when null. */
    public RegistryAvroDeserializer(SchemaRegistry registry, Schema readerSchema) {
        this(registry, readerSchema, RegistryPatience.NONE);
    }

    /** As above, waiting out a registry outage as {@code patience} allows before giving up. */
    public RegistryAvroDeserializer(SchemaRegistry registry, Schema readerSchema, RegistryPatience patience) {
        this.registry = registry;
        this.readerSchema = readerSchema;
        this.patience = patience;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        Decoding decoding = decodingsById.get(id);
        if (decoding == null) {
            // Not computeIfAbsent: waiting out a registry outage must not hold a lock of the map.
            decoding = decodingFor(topic, id);
            decodingsById.putIfAbsent(id, decoding);
        }
        if (decoding.writer().getType() == Schema.Type.BYTES) {
            return (T) ByteBuffer.wrap(Arrays.copyOfRange(data, WireFormat.HEADER_SIZE, data.length));
        }
        try {
            BoundedDecoder decoder = new BoundedDecoder(DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null));
            Object value = decoding.reader().read(null, decoder);
            if (decoder.remaining() > 0) {
                throw new SerializationException("Record on topic " + topic + " has "
                        + (data.length - WireFormat.HEADER_SIZE) + " payload bytes but schema " + id + " used fewer");
            }
            return (T) value;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new SerializationException("Record on topic " + topic + " does not decode with schema " + id
                    + ": " + e.getMessage(), e);
        }
    }

    private Decoding decodingFor(String topic, int id) {
        Schema writer = writerSchema(topic, id);
        if (readerSchema == null || writer.getType() == Schema.Type.BYTES) {
            return new Decoding(writer, new GenericDatumReader<>(writer, writer, GenericData.get()));
        }
        return new Decoding(writer, new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForSchema(readerSchema)));
    }

    /** Asks the registry until it answers or patience runs out; only a real answer ("no such id") condemns the record. */
    private Schema writerSchema(String topic, int id) {
        try {
            return patience.ask(() -> registry.schemaById(id), outage -> new RegistryUnavailableException("Record on topic " + topic
                    + " needs schema id " + id + " but the registry is unavailable (waited " + patience.maxWait() + "): "
                    + outage.getMessage(), outage));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Record on topic " + topic + " names schema id " + id
                    + " that the registry cannot supply: " + e.getMessage(), e);
        }
    }
}
