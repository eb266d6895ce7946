package dev.modelperf.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our serde against golden vectors written by Confluent's own serializer: byte-for-byte equal
 * output is what lets standard tooling read ModelPerf's topics.
 */
class WireVectorsTest {

    private static final String VECTORS = "shared/testdata/wire-vectors.json";
    private static final String TOPIC = "wire-vectors";
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("vectors")
    void reproducesConfluentBytesAndReadsThemBack(String description, JsonNode vector) {
        Schema schema = new Schema.Parser().parse(vector.get("schema").toString());
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        assertThat(registry.register(Subjects.value(TOPIC), schema)).isEqualTo(vector.get("schema_id").asInt());
        Object datum = schema.getType() == Schema.Type.BYTES
                ? ByteBuffer.wrap(HEX.parseHex(vector.get("datum_hex").asText()))
                : toAvro(vector.get("datum"), schema);

        byte[] written = new RegistryAvroSerializer<>(registry).serialize(TOPIC, datum);
        Object read = new RegistryAvroDeserializer<>(registry, null).deserialize(TOPIC, written);

        assertThat(HEX.formatHex(written)).isEqualTo(vector.get("value_hex").asText());
        assertThat(read).isEqualTo(datum);
    }

    static Stream<Arguments> vectors() throws IOException {
        JsonNode root = new ObjectMapper().readTree(locate().toFile());
        return StreamSupport.stream(root.get("vectors").spliterator(), false)
                .map(v -> Arguments.of(describe(v), v));
    }

    /** Walks up from the working directory: CI checks {@code shared/} out beside the repository. */
    private static Path locate() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(VECTORS);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find " + VECTORS + " in " + start + " or any parent directory;"
                + " the golden vectors live in the shared/ checkout next to the repository (../shared from its root)");
    }

    private static String describe(JsonNode vector) {
        JsonNode schema = vector.get("schema");
        return (schema.isTextual() ? schema.asText() : schema.path("name").asText()) + " -> " + vector.get("value_hex").asText();
    }

    /** The datum as Avro generic data; vectors hold it as plain JSON (a union member is its bare value). */
    private static Object toAvro(JsonNode node, Schema schema) {
        return switch (schema.getType()) {
            case NULL -> null;
            case BOOLEAN -> node.booleanValue();
            case INT -> node.intValue();
            case LONG -> node.longValue();
            case FLOAT -> node.floatValue();
            case DOUBLE -> node.doubleValue();
            case STRING -> node.textValue();
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(f -> record.put(f.pos(), toAvro(node.get(f.name()), f.schema())));
                yield record;
            }
            case UNION -> node == null || node.isNull() ? null : toAvro(node, onlyNonNullBranch(schema));
            default -> throw new IllegalArgumentException("Vectors with " + schema.getType()
                    + " values are not supported yet; extend toAvro");
        };
    }

    private static Schema onlyNonNullBranch(Schema union) {
        List<Schema> branches = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("Cannot tell which branch of " + union + " a bare JSON value belongs to");
        }
        return branches.get(0);
    }
}
