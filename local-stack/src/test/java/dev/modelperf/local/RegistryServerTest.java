package dev.modelperf.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.schemas.registry.CompatibilityLevel;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistryContract;
import dev.modelperf.schemas.registry.SchemaRegistryException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry contract over real HTTP against the embedded endpoint, plus the endpoints only tools use. */
class RegistryServerTest extends SchemaRegistryContract {

    private static InMemorySchemaRegistry store;
    private static RegistryServer server;

    @BeforeAll
    static void startServer() {
        store = new InMemorySchemaRegistry();
        server = RegistryServer.start(store, "127.0.0.1", 0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected String baseUrl() {
        return server.url();
    }

    @Test
    void listsSubjectsAndVersions() throws Exception {
        String subject = subject("listed");
        registry.register(subject, READING_V1);
        int v2 = registry.register(subject, READING_V2_WITH_DEFAULT);

        assertThat(json(raw("GET", "/subjects", null), 200)).contains(JSON.getNodeFactory().textNode(subject));
        assertThat(json(raw("GET", "/subjects/" + encode(subject) + "/versions", null), 200).toString()).isEqualTo("[1,2]");
        JsonNode second = json(raw("GET", "/subjects/" + encode(subject) + "/versions/2", null), 200);
        assertThat(second.path("subject").asText()).isEqualTo(subject);
        assertThat(second.path("version").asInt()).isEqualTo(2);
        assertThat(second.path("id").asInt()).isEqualTo(v2);
        assertThat(second.path("schema").asText()).isEqualTo(READING_V2_WITH_DEFAULT.toString());
        assertThat(json(raw("GET", "/schemas/ids/" + v2 + "/schema", null), 200))
                .isEqualTo(JSON.readTree(READING_V2_WITH_DEFAULT.toString()));
    }

    @Test
    void answersWithTheRegistryContentType() throws Exception {
        HttpResponse<String> response = raw("GET", "/config", null);

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/vnd.schemaregistry.v1+json"));
    }

    @Test
    void refusesUnknownAndInvalidVersions() throws Exception {
        String subject = subject("versions");
        registry.register(subject, READING_V1);

        assertError(raw("GET", "/subjects/" + encode(subject) + "/versions/9", null), 404, SchemaRegistryException.VERSION_NOT_FOUND);
        assertError(raw("GET", "/subjects/" + encode(subject) + "/versions/0", null), 422, 42202);
        assertError(raw("GET", "/subjects/" + encode(subject) + "/versions/first", null), 422, 42202);
    }

    @Test
    void subjectWithoutOwnLevelAnswers40408UnlessDefaultingToGlobal() throws Exception {
        String subject = subject("no-level");
        registry.register(subject, READING_V1);

        assertError(raw("GET", "/config/" + encode(subject), null), 404,
                SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED);
        assertThat(json(raw("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null), 200)
                .path("compatibilityLevel").asText()).isEqualTo(store.compatibility(null).name());
    }

    @Test
    void reportsTheGlobalLevelForASubjectWithoutItsOwn() {
        String subject = subject("inherits");
        registry.register(subject, READING_V1);
        CompatibilityLevel global = store.compatibility(null);
        try {
            store.setCompatibility(null, CompatibilityLevel.FORWARD_TRANSITIVE);

            assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
        } finally {
            store.setCompatibility(null, global);
        }
    }

    @Test
    void refusesMalformedRequests() throws Exception {
        String subject = subject("malformed");

        assertError(raw("PUT", "/config/" + encode(subject), "{\"compatibility\": \"SOMETIMES\"}"), 422,
                SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL);
        assertError(raw("POST", "/subjects/" + encode(subject) + "/versions", "not json"), 400, 400);
        assertError(raw("POST", "/subjects/" + encode(subject) + "/versions", "{}"), 422, SchemaRegistryException.INVALID_SCHEMA);
        assertError(raw("GET", "/no/such/endpoint", null), 404, 404);
        assertThat(store.subjectCompatibility(subject)).isNull();
    }

    @Test
    void stoppedEndpointIsUnavailable() {
        RegistryServer stopped = RegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1", 0);
        String url = stopped.url();
        stopped.close();

        try (HttpSchemaRegistry client = new HttpSchemaRegistry(url, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.compatibility(null))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isZero();
                        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNAVAILABLE);
                    })
                    .hasMessageContaining(url + "/config");
        }
    }

    @Test
    void servesWhatTheInProcessRegistryHolds() {
        String subject = subject("in-process");
        int id = store.register(subject, READING_V1);
        store.setCompatibility(subject, CompatibilityLevel.NONE);

        assertThat(registry.schemaById(id)).isEqualTo(READING_V1);
        assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, int errorCode) throws Exception {
        JsonNode body = json(response, status);
        assertThat(body.path("error_code").asInt()).as("error_code in %s", body).isEqualTo(errorCode);
        assertThat(body.path("message").asText()).as("message in %s", body).isNotBlank();
    }
}
