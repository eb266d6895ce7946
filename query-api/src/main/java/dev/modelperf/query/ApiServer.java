package dev.modelperf.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.modelperf.query.health.HealthController;
import dev.modelperf.query.health.HealthQuery;
import dev.modelperf.query.rankings.RankingsController;
import dev.modelperf.query.rankings.RankingsQuery;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTP API over a running streams instance. Errors always answer JSON: 400 naming the
 * parameter and rule, 404 for unknown paths, 503 with {@code Retry-After} while state is not
 * queryable, 500 (logged) for anything unexpected.
 */
public final class ApiServer {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private ApiServer() {
    }

    public static Javalin create(KafkaStreams streams, Clock clock) {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        RankingsController rankings = new RankingsController(new RankingsQuery(streams), clock);
        ProbesController probes = new ProbesController(streams::state);
        HealthController health = new HealthController(new HealthQuery(streams));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.routes.get("/healthz", probes::healthz);
            config.routes.get("/readyz", probes::readyz);
            config.routes.get("/api/v1/rankings", rankings::rankings);
            config.routes.get("/api/v1/health", health::list);
            config.routes.get("/api/v1/health/{model}", health::model);
            config.routes.exception(BadRequestException.class, (e, ctx) ->
                    ctx.status(400).json(new ApiError(400, "bad_request", e.parameter(), e.parameter() + " " + e.getMessage())));
            config.routes.exception(UnavailableException.class, (e, ctx) -> {
                ctx.header("Retry-After", "1");
                ctx.status(503).json(new ApiError(503, "unavailable", null, e.getMessage()));
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                    .json(new ApiError(e.getStatus(), e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus(), null,
                            e.getStatus() == 404 ? "No endpoint at " + ctx.method() + " " + ctx.path() : e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(new ApiError(500, "internal_error", null, "Unexpected error; see the server log"));
            });
        });
    }
}
