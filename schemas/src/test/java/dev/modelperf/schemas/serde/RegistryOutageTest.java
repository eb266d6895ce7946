package dev.modelperf.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.schemas.registry.CompatibilityLevel;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.registry.RegisteredSchema;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A registry that cannot answer is an outage to wait out, never a reason to call a record
 * undecodable or a value unserializable.
 */
class RegistryOutageTest {

    private static final String TOPIC = "model-calls";
    private static final Schema POINT = new Schema.Parser().parse("""
            {"type": "record", "name": "Point", "fields": [{"name": "x", "type": "int"}]}""");
    private static final RegistryPatience BRIEF = new RegistryPatience(Duration.ofMillis(300), Duration.ofMillis(10), Duration.ofMillis(50));

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Outage outage = new Outage(registry);

    @Test
    void waitsOutAnOutageShorterThanItsPatience() {
        byte[] data = point(7);
        outage.failNext(3, 0);

        GenericRecord decoded = new RegistryAvroDeserializer<GenericRecord>(outage, null, BRIEF).deserialize(TOPIC, data);

        assertThat(decoded.get("x")).isEqualTo(7);
        assertThat(outage.attempts).isEqualTo(4);
    }

    @Test
    void aLongerOutageIsRetriableNotASerializationFailureAndTheSameBytesDecodeOnceItEnds() {
        byte[] data = point(7);
        RegistryAvroDeserializer<GenericRecord> deserializer = new RegistryAvroDeserializer<>(outage, null, BRIEF);
        outage.failNext(Integer.MAX_VALUE, 503);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, data))
                .isInstanceOf(RegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContainingAll(TOPIC, "registry is unavailable");

        outage.failNext(0, 0);
        assertThat(deserializer.deserialize(TOPIC, data).get("x")).isEqualTo(7);
    }

    @Test
    void anUnknownIdIsABadPayloadAtOnce() {
        byte[] data = {0, 0, 0, 0, 42, 2};

        assertThatThrownBy(() -> new RegistryAvroDeserializer<>(outage, null, BRIEF).deserialize(TOPIC, data))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42");
        assertThat(outage.attempts).isEqualTo(1);
    }

    @Test
    void withoutPatienceAnOutageFailsAtOnceButStillAsRetriable() {
        byte[] data = point(1);
        outage.failNext(1, 0);

        assertThatThrownBy(() -> new RegistryAvroDeserializer<>(outage, null).deserialize(TOPIC, data))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThat(outage.attempts).isEqualTo(1);
    }

    @Test
    void aSerializerWaitsOutAnOutageShorterThanItsPatience() {
        outage.failNext(3, 0);

        byte[] data = new RegistryAvroSerializer<GenericRecord>(outage, BRIEF).serialize(TOPIC, pointRecord(7));

        assertThat(outage.attempts).isEqualTo(4);
        assertThat(new RegistryAvroDeserializer<GenericRecord>(registry, null).deserialize(TOPIC, data).get("x")).isEqualTo(7);
    }

    @Test
    void aSerializerOutlastedByAnOutageFailsRetriablyNotAsASerializationFailure() {
        RegistryAvroSerializer<GenericRecord> serializer = new RegistryAvroSerializer<>(outage, BRIEF);
        outage.failNext(Integer.MAX_VALUE, 503);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, pointRecord(7)))
                .isInstanceOf(RegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContainingAll("Point", TOPIC + "-value", "registry is unavailable");

        outage.failNext(0, 0);
        assertThat(serializer.serialize(TOPIC, pointRecord(7))).isEqualTo(point(7));
    }

    @Test
    void aSchemaTheRegistryRefusesIsASerializationFailureAtOnce() {
        point(1);
        Schema incompatible = new Schema.Parser().parse("""
                {"type": "record", "name": "Point", "fields": [{"name": "x", "type": "string"}]}""");
        GenericRecord record = new GenericData.Record(incompatible);
        record.put("x", "one");

        assertThatThrownBy(() -> new RegistryAvroSerializer<GenericRecord>(outage, BRIEF).serialize(TOPIC, record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("incompatible");
        assertThat(outage.attempts).isEqualTo(1);
    }

    private static GenericRecord pointRecord(int x) {
        GenericRecord record = new GenericData.Record(POINT);
        record.put("x", x);
        return record;
    }

    private byte[] point(int x) {
        try (RegistryAvroSerializer<GenericRecord> serializer = new RegistryAvroSerializer<>(registry)) {
            return serializer.serialize(TOPIC, pointRecord(x));
        }
    }

    /** Fails the next {@code schemaById} and {@code register} calls as an unreachable (status 0) or failing registry would. */
    private static final class Outage implements SchemaRegistry {

        private final SchemaRegistry delegate;
        private int failuresLeft;
        private int status;
        int attempts;

        Outage(SchemaRegistry delegate) {
            this.delegate = delegate;
        }

        void failNext(int failures, int httpStatus) {
            failuresLeft = failures;
            status = httpStatus;
            attempts = 0;
        }

        @Override
        public Schema schemaById(int id) {
            attempts++;
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new SchemaRegistryException(status, SchemaRegistryException.UNAVAILABLE, "registry down");
            }
            return delegate.schemaById(id);
        }

        @Override
        public int register(String subject, Schema schema) {
            attempts++;
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new SchemaRegistryException(status, SchemaRegistryException.UNAVAILABLE, "registry down");
            }
            return delegate.register(subject, schema);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return delegate.latest(subject);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
            return delegate.isCompatible(subject, schema);
        }

        @Override
        public CompatibilityLevel compatibility(String subject) {
            return delegate.compatibility(subject);
        }

        @Override
        public void setCompatibility(String subject, CompatibilityLevel level) {
            delegate.setCompatibility(subject, level);
        }
    }
}
