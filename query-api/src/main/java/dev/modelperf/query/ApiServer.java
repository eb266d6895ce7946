package dev.modelperf.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.modelperf.query.alerts.AlertsController;
import dev.modelperf.query.auth.AccessControl;
import dev.modelperf.query.auth.AccessDeniedException;
import dev.modelperf.query.auth.ApiKeys;
import dev.modelperf.query.config.AuthSettings;
import dev.modelperf.query.dashboard.DashboardAssets;
import dev.modelperf.query.metrics.ServerMetrics;
import dev.modelperf.query.startup.StartupChecks;
import dev.modelperf.query.alerts.AlertsQuery;
import dev.modelperf.query.analytics.CategoriesController;
import dev.modelperf.query.analytics.ModelsController;
import dev.modelperf.query.analytics.SummaryController;
import dev.modelperf.query.analytics.TrendsController;
import dev.modelperf.query.cluster.Gatherer;
import dev.modelperf.query.cluster.InstanceClient;
import dev.modelperf.query.cluster.Instances;
import dev.modelperf.query.cluster.KeyedReads;
import dev.modelperf.query.cluster.LocalAssignment;
import dev.modelperf.query.cluster.PartitionCoverage;
import dev.modelperf.query.cluster.Retries;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.query.decisions.DecisionPublisher;
import dev.modelperf.query.ensemble.EnsembleController;
import dev.modelperf.query.ensemble.LocalEnsembleStore;
import dev.modelperf.query.export.ExportController;
import dev.modelperf.query.config.QueryPolicy;
import dev.modelperf.query.health.HealthController;
import dev.modelperf.query.health.HealthQuery;
import dev.modelperf.query.ingest.IngestController;
import dev.modelperf.query.ratings.LocalRatings;
import dev.modelperf.query.ratings.RatingsController;
import dev.modelperf.query.routing.LocalRoutingStores;
import dev.modelperf.query.routing.RoutingController;
import dev.modelperf.query.routing.ThresholdsController;
import dev.modelperf.streams.stores.RoutingLayersReader;
import dev.modelperf.query.prediction.PredictionController;
import dev.modelperf.query.prediction.PredictionQuery;
import dev.modelperf.query.rankings.FiguresGatherer;
import dev.modelperf.query.rankings.RankingsController;
import dev.modelperf.query.rankings.RankingsQuery;
import dev.modelperf.query.rankings.RankingsView;
import dev.modelperf.query.rankings.RecommendationQuery;
import dev.modelperf.query.stats.ClusterStats;
import dev.modelperf.query.stats.InternalStatsController;
import dev.modelperf.query.stats.LocalStatsStores;
import dev.modelperf.query.stats.StatsService;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.RoutingDefaults;
import dev.modelperf.routing.Scoring;
import dev.modelperf.routing.prediction.SuccessPredictor;
import dev.modelperf.streams.ensemble.EnsembleReader;
import dev.modelperf.streams.stores.StatsReader;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTP API over a running streams instance. Errors always answer JSON, the web server's
 * own (414, 431, ...) included: 400 naming the parameter and rule, 404 for unknown paths, 413
 * beyond the ingest body limit, 503 with {@code Retry-After} while state is not queryable, 500
 * (logged) for anything unexpected.
 */
public final class ApiServer {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** How often Kafka is asked whether it answers, for {@code /readyz}; also how long it may take to. */
    private static final java.time.Duration KAFKA_CHECK_INTERVAL = java.time.Duration.ofSeconds(5);

    private ApiServer() {
    }

    /**
     * The API of one instance. {@code callPartitions} is the partition count of the calls topic: an
     * answer gathered from several instances must cover each partition once.
     */
    public static Javalin create(KafkaStreams streams, ModelPerfSettings settings, int callPartitions, Clock clock,
                                 IngestController ingest) {
        return create(streams, settings, callPartitions, clock, ingest, view -> null);
    }

    /**
     * The API of one instance, with {@code decisions} publishing its ready-made view for routers
     * that decide in-process (null: nothing published); started and stopped with the server.
     */
    public static Javalin create(KafkaStreams streams, ModelPerfSettings settings, int callPartitions, Clock clock,
                                 IngestController ingest, Function<RankingsView, DecisionPublisher> decisions) {
        return create(streams, settings, callPartitions, clock, ingest, decisions, null);
    }

    /** As above, serving {@code GET /api/v1/export} with {@code export} (null: no export endpoint). */
    public static Javalin create(KafkaStreams streams, ModelPerfSettings settings, int callPartitions, Clock clock,
                                 IngestController ingest, Function<RankingsView, DecisionPublisher> decisions,
                                 ExportController export) {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        StatsReader reader = new StatsReader(new LocalStatsStores(streams),
                settings.streams().aggregate().minuteRetention(), settings.streams().aggregate().hourRetention());
        QueryPolicy policy = settings.query();
        Instances instances = new Instances(streams, policy.applicationServer());
        AccessControl access = accessControl(settings.auth());
        InstanceClient instanceClient = new InstanceClient(policy.forwardTimeout(), mapper,
                access.enabled() ? settings.auth().internalKey() : null);
        Retries retries = new Retries(policy.retryDeadline());
        Gatherer gatherer = new Gatherer(instances, instanceClient, new PartitionCoverage(callPartitions), retries);
        LocalAssignment assignment = new LocalAssignment(streams, settings.streams().topics().calls());
        ClusterStats clusterStats = new ClusterStats(reader, assignment, gatherer);
        StatsService stats = new StatsService(clusterStats);
        RankingsView view = new RankingsView(reader, assignment::partitions, clock, policy.refreshInterval(), policy.halfLife());
        FiguresGatherer figures = new FiguresGatherer(view, gatherer);
        DecisionPublisher publisher = decisions.apply(view);
        HealthQuery healthQuery = new HealthQuery(streams);
        Ranker ranker = new Ranker(new Scoring(policy.minSamples()), new PooledEstimator(policy.priorStrength()));
        RoutingDefaults routingDefaults = RoutingDefaults.load(policy.routingDefaults());
        RankingsQuery rankingsQuery = new RankingsQuery(figures, healthQuery, ranker, routingDefaults);
        RankingsController rankings = new RankingsController(rankingsQuery,
                new RecommendationQuery(figures, healthQuery, ranker, routingDefaults), figures, policy.mode());
        PredictionController prediction = new PredictionController(new PredictionQuery(figures,
                new SuccessPredictor(new PooledEstimator(policy.priorStrength()))));
        CategoriesController categories = new CategoriesController(stats, clock);
        KeyedReads keyedReads = new KeyedReads(instances, instanceClient, retries);
        ModelsController models = new ModelsController(stats, new StatsService(clusterStats.localOnly()), keyedReads, clock);
        RoutingLayersReader routingReader = new RoutingLayersReader(new LocalRoutingStores(streams),
                settings.streams().aggregate().minuteRetention(), settings.streams().aggregate().hourRetention());
        RoutingController routing = new RoutingController(routingReader, keyedReads, clock);
        ThresholdsController thresholds = new ThresholdsController(routingReader, keyedReads, clock);
        EnsembleController ensemble = new EnsembleController(new EnsembleReader(new LocalEnsembleStore(streams),
                settings.streams().ensemble().lowVariance()), keyedReads, clock, settings.streams().ensemble().target());
        InternalStatsController internalStats = new InternalStatsController(clusterStats);
        SummaryController summary = new SummaryController(stats, ranker, clock);
        TrendsController trends = new TrendsController(stats, clock, settings.streams().aggregate().minuteRetention());
        KafkaReachability kafka = new KafkaReachability(StartupChecks.adminConfig(settings, KAFKA_CHECK_INTERVAL),
                settings.streams().bootstrapServers(), KAFKA_CHECK_INTERVAL);
        ProbesController probes = new ProbesController(streams::state, kafka::reachable);
        HealthController health = new HealthController(healthQuery);
        AlertsQuery alertsQuery = new AlertsQuery(streams);
        AlertsController alerts = new AlertsController(alertsQuery, clock);
        ServerMetrics metrics = new ServerMetrics(streams, healthQuery::blacklistedByTenant, () -> alertsQuery.alerts(alert -> true),
                view::asOfMs, kafka::reachable, clock);
        OpenApiController openApi = new OpenApiController();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Answers are a few KiB for routers next door: compressing them costs more than it saves.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.maxRequestSize = IngestController.MAX_BODY_BYTES;
            JsonErrorHandler jettyErrors = new JsonErrorHandler(mapper);
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.events.serverStarted(view::start);
            config.events.serverStopped(view::close);
            if (publisher != null) {
                config.events.serverStarted(publisher::start);
                config.events.serverStopped(publisher::close);
            }
            config.events.serverStopped(metrics::close);
            config.events.serverStarted(kafka::start);
            config.events.serverStopped(kafka::close);
            config.requestLogger.http(metrics::record);
            DashboardAssets.serve(config);
            config.routes.before(access::check);
            config.routes.get("/healthz", probes::healthz);
            config.routes.get("/readyz", probes::readyz);
            config.routes.get("/api/v1/rankings", rankings::rankings);
            config.routes.get("/api/v1/recommendation", rankings::recommendation);
            config.routes.get(FiguresGatherer.INTERNAL_PATH, rankings::internalFigures);
            config.routes.get("/api/v1/predict", prediction::predict);
            config.routes.get(ClusterStats.INTERNAL_PATH, internalStats::partial);
            config.routes.get("/api/v1/categories", categories::categories);
            config.routes.get("/api/v1/models", models::models);
            config.routes.get("/api/v1/models/{model}/metrics", models::metrics);
            config.routes.get("/api/v1/summary", summary::summary);
            config.routes.get("/api/v1/trends", trends::trends);
            config.routes.post("/api/v1/events/calls", ingest::calls);
            config.routes.post("/api/v1/events/feedback", ingest::feedback);
            config.routes.post("/api/v1/events/routing", ingest::routingDecisions);
            config.routes.post("/api/v1/events/routing-outcomes", ingest::routingOutcomes);
            config.routes.post("/api/v1/events/comparisons", ingest::comparisons);
            config.routes.post("/api/v1/events/judgments", ingest::judgments);
            config.routes.get("/api/v1/health", health::list);
            config.routes.get("/api/v1/health/{model}", health::model);
            config.routes.get("/api/v1/alerts", alerts::alerts);
            config.routes.get("/api/v1/routing/layers", routing::layers);
            config.routes.get("/api/v1/routing/thresholds", thresholds::thresholds);
            config.routes.get("/api/v1/ratings", new RatingsController(new LocalRatings(streams), keyedReads, clock)::ratings);
            config.routes.get("/api/v1/ensemble", ensemble::advice);
            if (export != null) {
                config.routes.get("/api/v1/export", export::export);
            }
            config.routes.get("/openapi.json", openApi::document);
            config.routes.get("/metrics", metrics::scrape);
            config.routes.exception(BadRequestException.class, (e, ctx) ->
                    ctx.status(400).json(new ApiError(400, "bad_request", e.parameter(), e.parameter() + " " + e.getMessage())));
            config.routes.exception(AccessDeniedException.class, (e, ctx) ->
                    ctx.status(e.status()).json(new ApiError(e.status(), e.error(), e.parameter(), e.getMessage())));
            config.routes.exception(UnavailableException.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
            config.routes.exception(InvalidStateStoreException.class, (e, ctx) ->
                    unavailable(ctx, "State stores are migrating (rebalance in progress): " + e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                    .json(new ApiError(e.getStatus(), e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus(), null,
                            e.getStatus() == 404 && e.getMessage().equals("Endpoint " + ctx.method() + " " + ctx.path() + " not found")
                                    ? "No endpoint at " + ctx.method() + " " + ctx.path() : e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(new ApiError(500, "internal_error", null, "Unexpected error; see the server log"));
            });
        });
    }

    /** Access control from the settings; open to all, with a warning, when no keys file is set. */
    private static AccessControl accessControl(AuthSettings auth) {
        if (!auth.enabled()) {
            log.warn("auth.keys.file is not set: every endpoint answers anyone. Set it to require API keys (docs/operations.md)");
            return new AccessControl(null, "");
        }
        ApiKeys keys = ApiKeys.load(auth.keysFile(), Clock.systemUTC());
        log.info("Access control on: {} API key(s) from {}", keys.size(), auth.keysFile());
        return new AccessControl(keys, auth.internalKey());
    }

    private static void unavailable(Context ctx, String message) {
        ctx.header("Retry-After", "1");
        ctx.status(503).json(new ApiError(503, "unavailable", null, message));
    }
}
