package dev.modelperf.schemas.serde;

import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values in the registry wire format, registering each schema under
 * {@code <topic>-value} (TopicNameStrategy) on first use. Give it a
 * {@link dev.modelperf.schemas.registry.CachedSchemaRegistry} so that later records make no call.
 */
public final class RegistryAvroSerializer<T> implements Serializer<T> {

    private final SchemaRegistry registry;

    public RegistryAvroSerializer(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = WireFormat.schemaOf(data);
        int id;
        try {
            id = registry.register(Subjects.value(topic), schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot register the schema of " + schema.getFullName()
                    + " under subject " + Subjects.value(topic) + ": " + e.getMessage(), e);
        }
        return WireFormat.encode(id, schema, data);
    }
}
