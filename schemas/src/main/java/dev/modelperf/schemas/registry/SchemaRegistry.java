package dev.modelperf.schemas.registry;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry model that ModelPerf needs: subjects with versioned
 * schemas, global ids, and a compatibility level per subject or global. Implementations throw
 * {@link SchemaRegistryException} carrying the registry's HTTP status and error code.
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}; 40403 when there is none. */
    Schema schemaById(int id);

    /** The newest version registered under {@code subject}; 40401 when the subject is unknown. */
    RegisteredSchema latest(String subject);

    /** Whether {@code schema} could be registered under {@code subject} at its compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    /** The level in force for {@code subject}, or the global one when {@code subject} is null. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the level for {@code subject}, or the global one when {@code subject} is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    @Override
    default void close() {
    }
}
