package dev.modelperf.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link HttpSchemaRegistry} must achieve against any Confluent-compatible registry: the
 * embedded endpoint of the local stack and a real Apicurio run the same checks. Subjects carry a
 * '/', a space and a non-ASCII letter so that URL encoding is exercised on every call.
 */
public abstract class SchemaRegistryContract {

    private static final AtomicInteger SUBJECTS = new AtomicInteger();
    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Schema READING_V1 = parse("""
            {"type": "record", "name": "Reading", "namespace": "dev.modelperf.contract",
             "fields": [{"name": "model", "type": "string"},
                        {"name": "latencyMs", "type": "long", "doc": "Wall time — milliseconds, ≥ 0"}]}""");
    protected static final Schema READING_V2_WITH_DEFAULT = parse("""
            {"type": "record", "name": "Reading", "namespace": "dev.modelperf.contract",
             "fields": [{"name": "model", "type": "string"}, {"name": "latencyMs", "type": "long"},
                        {"name": "region", "type": "string", "default": "eu"}]}""");
    protected static final Schema READING_V2_REQUIRED_FIELD = parse("""
            {"type": "record", "name": "Reading", "namespace": "dev.modelperf.contract",
             "fields": [{"name": "model", "type": "string"}, {"name": "latencyMs", "type": "long"},
                        {"name": "tokens", "type": "long"}]}""");

    protected HttpSchemaRegistry registry;

    /** The Confluent-compatible base URL of the registry under test, e.g. {@code http://host:port/apis/ccompat/v7}. */
    protected abstract String baseUrl();

    @BeforeEach
    void connect() {
        registry = new HttpSchemaRegistry(baseUrl(), Duration.ofSeconds(10));
    }

    @AfterEach
    void disconnect() {
        registry.close();
    }

    @Test
    void registersIdempotentlyAndFetchesByIdAndLatest() {
        String subject = subject("register");

        int id = registry.register(subject, READING_V1);

        assertThat(registry.register(subject, READING_V1)).isEqualTo(id);
        assertThat(registry.schemaById(id)).isEqualTo(READING_V1);
        assertThat(registry.schemaById(id).getField("latencyMs").doc()).isEqualTo("Wall time — milliseconds, ≥ 0");
        assertThat(registry.latest(subject)).isEqualTo(new RegisteredSchema(subject, id, 1, READING_V1));
    }

    @Test
    void sameSchemaUnderTwoSubjectsHasOneId() {
        int first = registry.register(subject("shared"), READING_V2_WITH_DEFAULT);

        assertThat(registry.register(subject("shared"), READING_V2_WITH_DEFAULT)).isEqualTo(first);
    }

    @Test
    void acceptsCompatibleEvolution() {
        String subject = subject("evolve");
        int v1 = registry.register(subject, READING_V1);
        registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);

        assertThat(registry.isCompatible(subject, READING_V2_WITH_DEFAULT)).isTrue();
        int v2 = registry.register(subject, READING_V2_WITH_DEFAULT);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(registry.latest(subject)).isEqualTo(new RegisteredSchema(subject, v2, 2, READING_V2_WITH_DEFAULT));
    }

    @Test
    void refusesIncompatibleEvolution() {
        String subject = subject("refuse");
        int v1 = registry.register(subject, READING_V1);
        registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);

        assertThat(registry.isCompatible(subject, READING_V2_REQUIRED_FIELD)).isFalse();
        assertThatThrownBy(() -> registry.register(subject, READING_V2_REQUIRED_FIELD))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                })
                .hasMessageContaining("Registering a schema under subject '" + subject + "'")
                .hasMessageContainingAll("ncompatible", "HTTP 409");
        assertThat(registry.latest(subject).id()).isEqualTo(v1);
    }

    @Test
    void readsAndSetsCompatibilityLevels() {
        String subject = subject("own-level");
        registry.register(subject, READING_V1);
        CompatibilityLevel global = registry.compatibility(null);
        try {
            registry.setCompatibility(subject, CompatibilityLevel.FULL);
            registry.setCompatibility(null, CompatibilityLevel.FORWARD);

            assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
            assertThat(registry.compatibility(null)).isEqualTo(CompatibilityLevel.FORWARD);
        } finally {
            registry.setCompatibility(null, global);
        }
    }

    /** Enforced rather than reported: Apicurio reports NONE for such a subject yet applies the global level. */
    @Test
    void subjectWithoutOwnLevelFollowsTheGlobalOne() {
        String subject = subject("inherited-level");
        registry.register(subject, READING_V1);
        CompatibilityLevel global = registry.compatibility(null);
        try {
            registry.setCompatibility(null, CompatibilityLevel.BACKWARD);

            assertThatThrownBy(() -> registry.register(subject, READING_V2_REQUIRED_FIELD))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
        } finally {
            registry.setCompatibility(null, global);
        }
    }

    @Test
    void unknownSubjectIsNotFound() {
        String subject = subject("never-registered");

        assertThatThrownBy(() -> registry.latest(subject))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                })
                .hasMessageContaining("subject '" + subject + "'");
    }

    @Test
    void unknownIdIsNotFound() {
        assertThatThrownBy(() -> registry.schemaById(987_654_321))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                })
                .hasMessageContaining("schema id 987654321");
    }

    @Test
    void errorBodiesHaveConfluentShape() throws Exception {
        HttpResponse<String> response = raw("GET", "/subjects/" + encode(subject("absent")) + "/versions/latest", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .containsAnyOf("application/vnd.schemaregistry.v1+json", "application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error_code").isInt()).as("error_code in %s", body).isTrue();
        assertThat(body.path("error_code").asInt()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(body.path("message").isTextual()).as("message in %s", body).isTrue();
    }

    @Test
    void invalidSchemaIsUnprocessable() throws Exception {
        String body = JSON.createObjectNode().put("schema", "{\"type\": \"recrod\"}").toString();

        HttpResponse<String> response = raw("POST", "/subjects/" + encode(subject("invalid")) + "/versions", body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).path("error_code").asInt()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
    }

    @Test
    void serdeRoundTripsThroughTheRegistry() {
        String topic = "contract-" + SUBJECTS.incrementAndGet();
        GenericRecord reading = new GenericData.Record(READING_V1);
        reading.put("model", "gpt-x");
        reading.put("latencyMs", 1234L);

        byte[] bytes = new RegistryAvroSerializer<GenericRecord>(registry).serialize(topic, reading);
        try (HttpSchemaRegistry reader = new HttpSchemaRegistry(baseUrl())) {
            Object decoded = new RegistryAvroDeserializer<GenericRecord>(reader, null).deserialize(topic, bytes);

            assertThat(decoded).isEqualTo(reading);
        }
        assertThat(registry.latest(topic + "-value").schema()).isEqualTo(READING_V1);
    }

    /** A fresh subject that needs URL encoding. */
    protected static String subject(String name) {
        return "contract/" + name + " é" + SUBJECTS.incrementAndGet() + "-value";
    }

    protected static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends a request the way a third-party tool would, bypassing {@link HttpSchemaRegistry}. */
    protected HttpResponse<String> raw(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }
}
