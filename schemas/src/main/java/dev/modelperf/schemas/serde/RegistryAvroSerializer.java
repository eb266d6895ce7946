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
 *
 * <p>A registry that refuses the schema (incompatible, invalid) makes a {@link SerializationException};
 * a registry that cannot answer is waited out as its {@link RegistryPatience} allows, then makes a
 * {@link RegistryUnavailableException}, retriable: the same value serializes once the registry is back.
 */
public final class RegistryAvroSerializer<T> implements Serializer<T> {

    private final SchemaRegistry registry;
    private final RegistryPatience patience;

    public RegistryAvroSerializer(SchemaRegistry registry) {
        this(registry, RegistryPatience.NONE);
    }

    /** As above, waiting out a registry outage as {@code patience} allows before giving up. */
    public RegistryAvroSerializer(SchemaRegistry registry, RegistryPatience patience) {
        this.registry = registry;
        this.patience = patience;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = WireFormat.schemaOf(data);
        String subject = Subjects.value(topic);
        int id;
        try {
            id = patience.ask(() -> registry.register(subject, schema), outage -> new RegistryUnavailableException(
                    "Cannot register the schema of " + schema.getFullName() + " under subject " + subject
                            + ": the registry is unavailable (waited " + patience.maxWait() + "): " + outage.getMessage(), outage));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot register the schema of " + schema.getFullName()
                    + " under subject " + subject + ": " + e.getMessage(), e);
        }
        return WireFormat.encode(id, schema, data);
    }
}
