package dev.modelperf.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistry} that speaks the Confluent Schema Registry REST API, so that ModelPerf
 * works against Confluent, Apicurio ({@code /apis/ccompat/v7}), Karapace, Redpanda and the local
 * stack's embedded endpoint alike. Every failure is a {@link SchemaRegistryException} that carries
 * the registry's HTTP status and error code and names the operation; an unreachable registry is
 * status 0 with {@link SchemaRegistryException#UNAVAILABLE}. Wrap it in a
 * {@link CachedSchemaRegistry} for serdes.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /** A client with a 10-second connect and request timeout. */
    public HttpSchemaRegistry(String baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    /** A client for the registry at {@code baseUrl}, waiting at most {@code timeout} to connect and per request. */
    public HttpSchemaRegistry(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        String operation = "Registering a schema under subject '" + subject + "'";
        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), operation);
        return required(response, "id", operation).asInt();
    }

    @Override
    public Schema schemaById(int id) {
        String operation = "Fetching schema id " + id;
        JsonNode response = send("GET", "/schemas/ids/" + id, null, operation);
        return parse(required(response, "schema", operation).asText(), operation);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        String operation = "Fetching the latest schema of subject '" + subject + "'";
        JsonNode response = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, operation);
        return new RegisteredSchema(subject, required(response, "id", operation).asInt(),
                required(response, "version", operation).asInt(),
                parse(required(response, "schema", operation).asText(), operation));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        String operation = "Checking compatibility with subject '" + subject + "'";
        JsonNode response = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                schemaBody(schema), operation);
        return required(response, "is_compatible", operation).asBoolean();
    }

    /**
     * The subject's own level, or the global one when the registry says the subject has none
     * (Confluent answers 404/40408 then). Apicurio's ccompat API instead answers NONE for a subject
     * without its own rule, even while it enforces a global level, so there NONE may mean "inherited".
     */
    @Override
    public CompatibilityLevel compatibility(String subject) {
        if (subject == null) {
            return level(send("GET", "/config", null, "Reading the global compatibility level"), "compatibilityLevel",
                    "Reading the global compatibility level");
        }
        String operation = "Reading the compatibility level of subject '" + subject + "'";
        try {
            return level(send("GET", "/config/" + encode(subject), null, operation), "compatibilityLevel", operation);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED
                    || e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return compatibility(null);
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        String operation = subject == null ? "Setting the global compatibility level to " + level
                : "Setting the compatibility level of subject '" + subject + "' to " + level;
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        level(send("PUT", path, body, operation), "compatibility", operation);
    }

    private ObjectNode schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).put("schemaType", "AVRO");
    }

    private JsonNode send(String method, String path, JsonNode body, String operation) {
        String url = baseUrl + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", ACCEPT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unavailable(operation, url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(operation, url, e);
        }
        return decide(response, operation);
    }

    /** Success is any 2xx with a JSON body; anything else becomes an exception with the registry's own code. */
    private JsonNode decide(HttpResponse<String> response, String operation) {
        int status = response.statusCode();
        JsonNode body = readJson(response.body());
        if (status / 100 == 2 && body != null) {
            return body;
        }
        if (status / 100 == 2) {
            throw new SchemaRegistryException(status, 0, operation + " at " + baseUrl
                    + " got a response that is not JSON: " + abbreviate(response.body()));
        }
        int errorCode = body != null && body.path("error_code").canConvertToInt() ? body.path("error_code").asInt() : status;
        String message = body != null && body.path("message").isTextual() ? body.path("message").asText()
                : abbreviate(response.body());
        throw new SchemaRegistryException(status, errorCode, operation + " failed at " + baseUrl + ": " + message
                + " (HTTP " + status + ", error code " + errorCode + ")");
    }

    private JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private JsonNode required(JsonNode response, String field, String operation) {
        JsonNode value = response.get(field);
        if (value == null || value.isNull()) {
            throw new SchemaRegistryException(200, 0, operation + " at " + baseUrl + " got a response without '"
                    + field + "': " + abbreviate(response.toString()));
        }
        return value;
    }

    private CompatibilityLevel level(JsonNode response, String field, String operation) {
        String name = required(response, field, operation).asText();
        try {
            return CompatibilityLevel.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, operation
                    + " at " + baseUrl + " got an unknown compatibility level '" + name + "'", e);
        }
    }

    private Schema parse(String schema, String operation) {
        try {
            return new Schema.Parser().parse(schema);
        } catch (RuntimeException e) {
            // Avro 1.12 reports some invalid schemas (an undefined type name) as a NullPointerException.
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA, operation + " at " + baseUrl
                    + " got a schema that does not parse: " + e.getMessage(), e);
        }
    }

    private static SchemaRegistryException unavailable(String operation, String url, Exception cause) {
        return new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE,
                operation + " failed: cannot reach the schema registry at " + url + ": " + cause, cause);
    }

    /** Percent-encodes a subject as one path segment ({@code /} included, spaces as %20). */
    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
