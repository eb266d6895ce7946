package dev.modelperf.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Malformed payloads must fail with a message an operator can act on; well-formed ones must resolve across versions. */
class RegistryAvroDeserializerTest {

    private static final String TOPIC = "model-calls";

    /** ModelCall as first released: only the fields without defaults. */
    private static final Schema MODEL_CALL_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "ModelCall", "namespace": "dev.modelperf.events", "fields": [
              {"name": "eventId", "type": "string"},
              {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "model", "type": "string"},
              {"name": "provider", "type": "string"},
              {"name": "category", "type": "string"},
              {"name": "latencyMs", "type": "long"},
              {"name": "status", "type": {"type": "enum", "name": "CallStatus",
                 "symbols": ["OK", "SERVER_ERROR", "TIMEOUT", "RATE_LIMITED", "CONTENT_FILTERED", "CLIENT_ERROR"]}}
            ]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RegistryAvroDeserializer<Object> generic = new RegistryAvroDeserializer<>(registry, null);

    @Test
    void refusesAnotherMagicByte() {
        byte[] data = {0x01, 0, 0, 0, 1, 2};

        assertThatThrownBy(() -> generic.deserialize(TOPIC, data))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll(TOPIC, "magic byte 0x01");
    }

    @Test
    void refusesAnUnknownSchemaId() {
        byte[] data = {0, 0, 0, 0, 42, 2};

        assertThatThrownBy(() -> generic.deserialize(TOPIC, data))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll(TOPIC, "schema id 42");
    }

    @Test
    void refusesATruncatedPayload() {
        byte[] whole = serialize(v1Call());
        byte[] truncated = Arrays.copyOf(whole, whole.length - 3);

        assertThatThrownBy(() -> generic.deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll(TOPIC, "does not decode with schema 1");
    }

    @Test
    void refusesAbsurdDeclaredLengthsBeforeAllocatingThem() {
        int v1 = registry.register(TOPIC + "-value", MODEL_CALL_V1);
        Schema tags = new Schema.Parser().parse("""
                {"type": "record", "name": "Tagged", "fields": [{"name": "tags", "type": {"type": "array", "items": "string"}}]}""");
        int tagged = registry.register("tagged-value", tags);
        // eventId declares a string of 2^30 bytes; tags declares 2^30 items: each in 5 payload bytes.
        byte[] hugeString = {0, (byte) (v1 >>> 24), (byte) (v1 >>> 16), (byte) (v1 >>> 8), (byte) v1,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'a', 'b'};
        byte[] hugeArray = {0, (byte) (tagged >>> 24), (byte) (tagged >>> 16), (byte) (tagged >>> 8), (byte) tagged,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 2, 'a'};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> generic.deserialize(TOPIC, hugeString))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll(TOPIC, "declares a string of 1073741824 but only 2 bytes remain");
        assertThatThrownBy(() -> generic.deserialize("tagged", hugeArray))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll("tagged", "declares an array block of 1073741824 but only 2 bytes remain");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(64L << 20);
    }

    @Test
    void refusesTrailingBytes() {
        byte[] whole = serialize(v1Call());
        byte[] padded = Arrays.copyOf(whole, whole.length + 2);

        assertThatThrownBy(() -> generic.deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll(TOPIC, (whole.length - 5 + 2) + " payload bytes", "schema 1 used fewer");
    }

    @Test
    void refusesAPayloadShorterThanTheHeader() {
        byte[] data = {0, 0, 1};

        assertThatThrownBy(() -> generic.deserialize(TOPIC, data))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll(TOPIC, "3 bytes", "5-byte");
    }

    @Test
    void tombstoneStaysNull() {
        assertThat(generic.deserialize(TOPIC, null)).isNull();
        assertThat(new RegistryAvroSerializer<>(registry).serialize(TOPIC, null)).isNull();
    }

    @Test
    void modelCallRoundTripsThroughTheSpecificSerde() {
        ModelCall call = ModelCall.newBuilder()
                .setEventId("3f1c9a7e-1d2b-4c5d-9e8f-0a1b2c3d4e5f")
                .setTimestamp(Instant.ofEpochMilli(1_767_225_600_123L))
                .setModel("gpt-4.1")
                .setProvider("openai")
                .setCategory("code/backend/api")
                .setComplexity(Complexity.HIGH)
                .setLatencyMs(1830)
                .setTimeToFirstTokenMs(240L)
                .setInputTokens(1200)
                .setOutputTokens(350)
                .setStatus(CallStatus.OK)
                .setQualityScore(0.92)
                .setAttributes(Map.of("region", "eu-west-1"))
                .build();

        try (Serde<ModelCall> serde = AvroSerdes.specific(ModelCall.getClassSchema(), registry)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, call);

            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(call);
            assertThat(registry.latest(Subjects.value(TOPIC)).schema()).isEqualTo(ModelCall.getClassSchema());
        }
    }

    @Test
    void olderWriterIsReadWithTheNewerReadersDefaults() {
        byte[] bytes = serialize(v1Call());

        ModelCall call = new RegistryAvroDeserializer<ModelCall>(registry, ModelCall.getClassSchema()).deserialize(TOPIC, bytes);

        assertThat(call.getEventId()).isEqualTo("e-1");
        assertThat(call.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_000L));
        assertThat(call.getStatus()).isEqualTo(CallStatus.TIMEOUT);
        assertThat(call.getTenant()).isEqualTo("default");
        assertThat(call.getOperation()).isEqualTo("chat");
        assertThat(call.getComplexity()).isEqualTo(Complexity.UNKNOWN);
        assertThat(call.getInputTokens()).isZero();
        assertThat(call.getCostUsd()).isNull();
        assertThat(call.getAttributes()).isEmpty();
    }

    private static GenericRecord v1Call() {
        GenericRecord call = new GenericData.Record(MODEL_CALL_V1);
        call.put("eventId", "e-1");
        call.put("timestamp", 1_000L);
        call.put("model", "claude-x");
        call.put("provider", "anthropic");
        call.put("category", "chat/support");
        call.put("latencyMs", 900L);
        call.put("status", new GenericData.EnumSymbol(MODEL_CALL_V1.getField("status").schema(), "TIMEOUT"));
        return call;
    }

    private byte[] serialize(GenericRecord record) {
        return new RegistryAvroSerializer<GenericRecord>(registry).serialize(TOPIC, record);
    }
}
