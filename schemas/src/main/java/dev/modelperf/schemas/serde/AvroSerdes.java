package dev.modelperf.schemas.serde;

import dev.modelperf.schemas.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for ModelPerf's generated Avro classes, in the registry wire format. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** A serde for values of the generated class whose schema is {@code schema}. */
    public static <T extends SpecificRecord> Serde<T> specific(org.apache.avro.Schema schema, SchemaRegistry registry) {
        return specific(schema, registry, RegistryPatience.NONE);
    }

    /** As above, the serializer and the deserializer waiting out a registry outage as {@code patience} allows. */
    public static <T extends SpecificRecord> Serde<T> specific(org.apache.avro.Schema schema, SchemaRegistry registry,
                                                               RegistryPatience patience) {
        return Serdes.serdeFrom(new RegistryAvroSerializer<>(registry, patience),
                new RegistryAvroDeserializer<>(registry, schema, patience));
    }
}
