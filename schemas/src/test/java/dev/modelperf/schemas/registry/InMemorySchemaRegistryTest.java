package dev.modelperf.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Confluent's registry semantics, which the embedded endpoint and unit tests rely on. */
class InMemorySchemaRegistryTest {

    private static final Schema V1 = record("""
            {"name": "model", "type": "string"}, {"name": "latencyMs", "type": "int"}""");
    private static final Schema V2_WITH_DEFAULT = record("""
            {"name": "model", "type": "string"}, {"name": "latencyMs", "type": "int"},
            {"name": "region", "type": "string", "default": "eu"}""");
    private static final Schema V2_REQUIRED_FIELD = record("""
            {"name": "model", "type": "string"}, {"name": "latencyMs", "type": "int"}, {"name": "tokens", "type": "long"}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void givesOneGlobalIdPerSchemaAndVersionsPerSubject() {
        assertThat(registry.register("a-value", V1)).isEqualTo(1);
        assertThat(registry.register("a-value", V2_WITH_DEFAULT)).isEqualTo(2);
        assertThat(registry.register("b-value", V2_WITH_DEFAULT)).isEqualTo(2);

        assertThat(registry.versions("a-value")).containsExactly(
                new RegisteredSchema("a-value", 1, 1, V1), new RegisteredSchema("a-value", 2, 2, V2_WITH_DEFAULT));
        assertThat(registry.latest("b-value")).isEqualTo(new RegisteredSchema("b-value", 2, 1, V2_WITH_DEFAULT));
        assertThat(registry.schemaById(1)).isEqualTo(V1);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void registeringAgainReturnsTheSameIdWithoutANewVersion() {
        int id = registry.register("a-value", V1);

        assertThat(registry.register("a-value", V1)).isEqualTo(id);
        assertThat(registry.versions("a-value")).hasSize(1);
    }

    @Test
    void refusesIncompatibleSchemaUnderBackward() {
        registry.register("a-value", V1);

        assertThat(registry.isCompatible("a-value", V2_REQUIRED_FIELD)).isFalse();
        assertThatThrownBy(() -> registry.register("a-value", V2_REQUIRED_FIELD))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue())
                .hasMessageContainingAll("a-value", "BACKWARD");
        assertThat(registry.versions("a-value")).hasSize(1);
    }

    @Test
    void subjectLevelOverridesTheGlobalOne() {
        registry.register("a-value", V1);
        registry.setCompatibility(null, CompatibilityLevel.FULL);
        registry.setCompatibility("a-value", CompatibilityLevel.NONE);

        assertThat(registry.compatibility("a-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("b-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.subjectCompatibility("b-value")).isNull();
        assertThat(registry.register("a-value", V2_REQUIRED_FIELD)).isEqualTo(2);
    }

    @Test
    void transitiveLevelChecksEveryEarlierVersion() {
        Schema withoutLatency = record("""
                {"name": "model", "type": "string"}""");
        Schema latencyAsString = record("""
                {"name": "model", "type": "string"}, {"name": "latencyMs", "type": "string", "default": ""}""");
        registry.register("a-value", V1);
        registry.register("a-value", withoutLatency);

        assertThat(registry.isCompatible("a-value", latencyAsString)).isTrue();
        registry.setCompatibility("a-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(registry.isCompatible("a-value", latencyAsString)).isFalse();
    }

    @Test
    void unknownIdAndSubjectAreNotFound() {
        assertThatThrownBy(() -> registry.schemaById(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND))
                .hasMessageContaining("7");
        assertThatThrownBy(() -> registry.latest("nobody-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                })
                .hasMessageContaining("nobody-value");
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Reading\", \"fields\": [" + fields + "]}");
    }
}
