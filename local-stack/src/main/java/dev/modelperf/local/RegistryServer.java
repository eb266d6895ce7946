package dev.modelperf.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.schemas.registry.CompatibilityLevel;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.registry.RegisteredSchema;
import dev.modelperf.schemas.registry.SchemaRegistryException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subset of the Confluent Schema Registry REST API that ModelPerf and common tools use, served
 * over an {@link InMemorySchemaRegistry} with Confluent's JSON shapes and error bodies
 * ({@code {"error_code": 40401, "message": "..."}}), so that the local stack needs nothing
 * installed and outside tools can still read its topics.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int INVALID_VERSION = 42202;
    private static final int INTERNAL_ERROR = 50001;

    private final Javalin app;
    private final String host;
    private final Routes routes;

    private RegistryServer(Javalin app, String host, Routes routes) {
        this.app = app;
        this.host = host;
        this.routes = routes;
    }

    /** Serves {@code registry} on {@code host}:{@code port}, a free port when {@code port} is 0. */
    public static RegistryServer start(InMemorySchemaRegistry registry, String host, int port) {
        Routes routes = new Routes(registry);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            routes.addTo(config.routes);
        });
        app.start();
        return new RegistryServer(app, host, routes);
    }

    /**
     * While on, schema lookups by id answer 503, as a registry does while its own store is unavailable, and every
     * other endpoint answers: outage tests can let a process pass its start-up check and still find no schema
     * for the records it reads, whatever the timing of its start.
     */
    public void refuseSchemaLookups(boolean refuse) {
        routes.lookupsRefused = refuse;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + host + ":" + port();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The endpoints, each a thin translation between Confluent's JSON and the in-memory registry. */
    private static final class Routes {

        private final InMemorySchemaRegistry registry;
        private final ObjectMapper json = new ObjectMapper();
        private volatile boolean lookupsRefused;

        Routes(InMemorySchemaRegistry registry) {
            this.registry = registry;
        }

        void addTo(RoutesConfig routes) {
            routes.get("/subjects", ctx -> respond(ctx, registry.subjects()));
            routes.get("/subjects/{subject}/versions", ctx -> respond(ctx,
                    registry.versions(ctx.pathParam("subject")).stream().map(RegisteredSchema::version).toList()));
            routes.get("/subjects/{subject}/versions/{version}", this::version);
            routes.post("/subjects/{subject}/versions", ctx -> respond(ctx,
                    Map.of("id", registry.register(ctx.pathParam("subject"), schemaOf(ctx)))));
            routes.get("/schemas/ids/{id}", ctx -> respond(ctx, Map.of("schema", schemaById(ctx).toString())));
            routes.get("/schemas/ids/{id}/schema", ctx -> respond(ctx, json.readTree(schemaById(ctx).toString())));
            routes.post("/compatibility/subjects/{subject}/versions/latest", ctx -> respond(ctx,
                    Map.of("is_compatible", registry.isCompatible(ctx.pathParam("subject"), schemaOf(ctx)))));
            routes.get("/config", ctx -> respond(ctx, Map.of("compatibilityLevel", registry.compatibility(null))));
            routes.put("/config", ctx -> setLevel(ctx, null));
            routes.get("/config/{subject}", this::subjectLevel);
            routes.put("/config/{subject}", ctx -> setLevel(ctx, ctx.pathParam("subject")));
            routes.exception(SchemaRegistryException.class, (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
            routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getStatus(), e.getMessage()));
            routes.exception(Exception.class, (e, ctx) -> {
                log.warn("Registry request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, INTERNAL_ERROR, "Internal error: " + e);
            });
        }

        private void version(Context ctx) throws JsonProcessingException {
            String subject = ctx.pathParam("subject");
            String version = ctx.pathParam("version");
            List<RegisteredSchema> versions = registry.versions(subject);
            RegisteredSchema found;
            if (version.equals("latest") || version.equals("-1")) {
                found = versions.get(versions.size() - 1);
            } else {
                int number = parseVersion(version);
                found = versions.stream().filter(v -> v.version() == number).findFirst()
                        .orElseThrow(() -> new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                                "Version " + number + " not found."));
            }
            respond(ctx, Map.of("subject", found.subject(), "version", found.version(), "id", found.id(),
                    "schema", found.schema().toString()));
        }

        private static int parseVersion(String version) {
            SchemaRegistryException invalid = new SchemaRegistryException(422, INVALID_VERSION, "The specified version '"
                    + version + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
            try {
                int number = Integer.parseInt(version);
                if (number < 1) {
                    throw invalid;
                }
                return number;
            } catch (NumberFormatException e) {
                throw invalid;
            }
        }

        private Schema schemaById(Context ctx) {
            if (lookupsRefused) {
                throw new SchemaRegistryException(503, INTERNAL_ERROR, "Schema lookups are unavailable");
            }
            String id = ctx.pathParam("id");
            try {
                return registry.schemaById(Integer.parseInt(id));
            } catch (NumberFormatException e) {
                throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
            }
        }

        /** Confluent answers 40408 for a subject without its own level unless asked to default to the global one. */
        private void subjectLevel(Context ctx) throws JsonProcessingException {
            String subject = ctx.pathParam("subject");
            CompatibilityLevel level = registry.subjectCompatibility(subject);
            if (level == null && Boolean.parseBoolean(ctx.queryParam("defaultToGlobal"))) {
                level = registry.compatibility(null);
            }
            if (level == null) {
                throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                        "Subject '" + subject + "' does not have subject-level compatibility configured");
            }
            respond(ctx, Map.of("compatibilityLevel", level));
        }

        private void setLevel(Context ctx, String subject) throws JsonProcessingException {
            String name = body(ctx).path("compatibility").asText("");
            CompatibilityLevel level;
            try {
                level = CompatibilityLevel.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                        "Invalid compatibility level '" + name + "'. Valid values are " + List.of(CompatibilityLevel.values()));
            }
            registry.setCompatibility(subject, level);
            respond(ctx, Map.of("compatibility", level));
        }

        private Schema schemaOf(Context ctx) {
            JsonNode body = body(ctx);
            String type = body.path("schemaType").asText("AVRO");
            if (!type.equals("AVRO")) {
                throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                        "Schema type " + type + " is not supported; this registry holds AVRO only");
            }
            if (!body.path("schema").isTextual()) {
                throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                        "The request body has no \"schema\" string");
            }
            try {
                return new Schema.Parser().parse(body.path("schema").asText());
            } catch (RuntimeException e) {
                // Avro 1.12 reports some invalid schemas (an undefined type name) as a NullPointerException.
                throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
            }
        }

        private JsonNode body(Context ctx) {
            try {
                return json.readTree(ctx.bodyAsBytes());
            } catch (IOException e) {
                throw new SchemaRegistryException(400, 400, "The request body is not JSON: " + e.getMessage());
            }
        }

        private void respond(Context ctx, Object body) throws JsonProcessingException {
            // Bytes, not a String: Jetty would encode a String in ISO-8859-1 when the content type names no charset.
            ctx.contentType(CONTENT_TYPE).result(json.writeValueAsBytes(body));
        }

        private void error(Context ctx, int status, int errorCode, String message) {
            ctx.status(status).contentType(CONTENT_TYPE)
                    .result(json.createObjectNode().put("error_code", errorCode).put("message", message).toString()
                            .getBytes(StandardCharsets.UTF_8));
        }
    }
}
