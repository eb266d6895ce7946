package dev.modelperf.client.routing;

import dev.modelperf.client.Failure;
import dev.modelperf.client.FailureClassifier;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.Objective;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Recommender;
import dev.modelperf.routing.RoutingDefaults;
import dev.modelperf.routing.Scoring;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.keys.EventIds;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Picks a model for each request in-process and calls it with fallbacks. Decisions run the same
 * policy as {@code GET /api/v1/recommendation} ({@link Recommender}, {@link Ranker}) on the
 * figures the server publishes to the decisions topic and on the health topic, both read into
 * memory by a background thread: {@link #choose} makes no network call and takes no lock.
 * {@link #call} tries the chosen model, and on a failure worth retrying (anything but a client
 * error) the next one, up to {@code maxAttempts} models, never one that is blacklisted, never
 * the same one twice, recording every attempt through the {@link ModelPerfClient}.
 *
 * <p>Before the topics have been read once, or when the broker has not answered for
 * {@code staleAfter}, decisions come from the rule table and say so.
 */
public final class ModelRouter implements AutoCloseable {

    private static final ThreadLocal<UniformRandomProvider> RANDOM =
            ThreadLocal.withInitial(RandomSource.XO_RO_SHI_RO_128_PP::create);
    private static final ThreadLocal<Members> MEMBERS = ThreadLocal.withInitial(Members::new);

    private final String tenant;
    private final Source source;
    private final Consumer<ModelCall> recorder;
    private final Recommender recommender;
    private final PooledEstimator estimator;
    private final int maxAttempts;
    private final long staleAfterMs;
    private final Clock clock;
    private final RouterMetrics metrics;
    private final AutoCloseable resources;

    ModelRouter(String tenant, Source source, Consumer<ModelCall> recorder, RoutingDefaults defaults, double priorStrength,
                int maxAttempts, Duration staleAfter, Clock clock, MeterRegistry meters, AutoCloseable resources) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.tenant = tenant;
        this.source = source;
        this.recorder = recorder;
        this.estimator = new PooledEstimator(priorStrength);
        this.recommender = new Recommender(new Ranker(new Scoring(1), estimator), defaults);
        this.maxAttempts = maxAttempts;
        this.staleAfterMs = staleAfter.toMillis();
        this.clock = clock;
        this.resources = resources;
        this.metrics = new RouterMetrics(meters, this, ModelRouter::dataAgeSeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The models to try for a request in {@code category}, first to last; no network call. */
    public Decision choose(String category, RouteOptions options) {
        if (!CategoryPath.isLevel(category)) {
            throw new IllegalArgumentException("category must be " + CategoryPath.RULE + " or * (was " + category + ")");
        }
        DecisionTable table = source.table();
        Decision decision = decide(table, category, options);
        metrics.decided(decision.source());
        return decision;
    }

    private Decision decide(DecisionTable table, String category, RouteOptions options) {
        TenantDecisions tenantTable = table.tenant(tenant);
        Map<String, ModelHealth> health = tenantTable.health();
        long age = table.newestAsOfMs() < 0 ? -1 : clock.millis() - table.newestAsOfMs();
        if (!table.loaded()) {
            return rules(category, options, health, "the decision figures are not loaded yet", age);
        }
        long silentMs = clock.millis() - source.lastContactMs();
        if (silentMs > staleAfterMs) {
            return rules(category, options, health, "the decision topics have not answered for " + silentMs / 1000 + " s", age);
        }
        TenantDecisions.Category contenders = tenantTable.category(category, estimator);
        int count = contenders.contenders().size();
        if (count == 0) {
            return rules(category, options, health, "no model has a call in " + category + " or any parent", age);
        }
        // As the server does: the healthy candidates, then the DEGRADED ones, each group ranked apart.
        Members members = MEMBERS.get().split(contenders, options.exclude(), health);
        if (members.healthyCount + members.degradedCount == 0) {
            return new Decision(category, Decision.Source.NONE, List.of(), "every candidate is blacklisted or excluded", age);
        }
        Decision.Candidate[] ordered = new Decision.Candidate[members.healthyCount + members.degradedCount];
        Ranker.Decision decision = options.decision();
        Ranker ranker = recommender.ranker();
        if (decision.mode() == DecisionMode.BEST && decision.objective().kind() == Objective.Kind.SCORE) {
            int[] best = tenantTable.bestOrder(category, contenders, decision, ranker);
            int healthyAt = 0;
            int degradedAt = members.healthyCount;
            for (int i : best) {
                if (members.state[i] == Members.HEALTHY) {
                    ordered[healthyAt++] = contenders.healthy()[i];
                } else if (members.state[i] == Members.DEGRADED) {
                    ordered[degradedAt++] = contenders.degraded()[i];
                }
            }
        } else {
            // Each group with the decision's own draws when it has a seed.
            if (members.healthyCount > 0) {
                int[] order = ranker.order(contenders.contenders(), members.healthy, members.healthyCount, decision, random(decision));
                for (int k = 0; k < members.healthyCount; k++) {
                    ordered[k] = contenders.healthy()[order[k]];
                }
            }
            if (members.degradedCount > 0) {
                int[] order = ranker.order(contenders.contenders(), members.degraded, members.degradedCount, decision,
                        random(decision));
                for (int k = 0; k < members.degradedCount; k++) {
                    ordered[members.healthyCount + k] = contenders.degraded()[order[k]];
                }
            }
        }
        return new Decision(category, Decision.Source.DATA, List.of(ordered), null, age);
    }

    /** The draws of a {@code sample} decision: its seed's, else this thread's generator; none for {@code best}. */
    private static UniformRandomProvider random(Ranker.Decision decision) {
        if (decision.mode() != DecisionMode.SAMPLE) {
            return null;
        }
        return decision.seed() == null ? RANDOM.get() : decision.random();
    }

    /** A thread's split of a category's contenders (by index, in model order) into healthy and DEGRADED candidates. */
    private static final class Members {

        static final byte OUT = 0;
        static final byte HEALTHY = 1;
        static final byte DEGRADED = 2;

        byte[] state = new byte[0];
        int[] healthy = new int[0];
        int[] degraded = new int[0];
        int healthyCount;
        int degradedCount;

        /** Leaves out the excluded and the BLACKLISTED. */
        Members split(TenantDecisions.Category category, Set<String> exclude, Map<String, ModelHealth> health) {
            int count = category.contenders().size();
            if (state.length < count) {
                state = new byte[count];
                healthy = new int[count];
                degraded = new int[count];
            }
            healthyCount = 0;
            degradedCount = 0;
            boolean anyHealth = !health.isEmpty();
            boolean anyExcluded = !exclude.isEmpty();
            for (int i = 0; i < count; i++) {
                String model = category.healthy()[i].model();
                ModelHealth entry = anyHealth ? health.get(model) : null;
                HealthStatus status = entry == null ? HealthStatus.HEALTHY : entry.getStatus();
                if (status == HealthStatus.BLACKLISTED || anyExcluded && exclude.contains(model)) {
                    state[i] = OUT;
                } else if (status == HealthStatus.DEGRADED) {
                    state[i] = DEGRADED;
                    degraded[degradedCount++] = i;
                } else {
                    state[i] = HEALTHY;
                    healthy[healthyCount++] = i;
                }
            }
            return this;
        }
    }

    private Decision rules(String category, RouteOptions options, Map<String, ModelHealth> health, String why, long age) {
        Optional<RoutingDefaults.Rule> rule = recommender.defaults().forCategory(category);
        if (rule.isEmpty()) {
            return new Decision(category, Decision.Source.NONE, List.of(), why + ", and the rule table has no default for it", age);
        }
        List<Decision.Candidate> healthy = new ArrayList<>();
        List<Decision.Candidate> degraded = new ArrayList<>();
        for (String model : rule.get().models()) {
            ModelHealth entry = health.get(model);
            if (options.exclude().contains(model) || entry != null && entry.getStatus() == HealthStatus.BLACKLISTED) {
                continue;
            }
            boolean isDegraded = entry != null && entry.getStatus() == HealthStatus.DEGRADED;
            (isDegraded ? degraded : healthy).add(new Decision.Candidate(model, null, isDegraded));
        }
        healthy.addAll(degraded);
        return new Decision(category, healthy.isEmpty() ? Decision.Source.NONE : Decision.Source.RULES, healthy,
                "rule table's default for " + rule.get().category() + ": " + why, age);
    }

    /**
     * Chooses, then calls {@code invocation} with the first model; on a failure worth retrying
     * (not a {@code CLIENT_ERROR}, as {@link FailureClassifier} judges the exception) calls the
     * next, up to {@code maxAttempts} different models, skipping any blacklisted meanwhile. Every
     * attempt is recorded as a call.
     *
     * @throws RoutingFailedException when no attempt succeeded; its cause is the last failure
     */
    public <T> Routed<T> call(String category, RouteOptions options, ModelInvocation<T> invocation) throws RoutingFailedException {
        Decision decision = choose(category, options);
        List<Attempt> attempts = new ArrayList<>(maxAttempts);
        Set<String> tried = new HashSet<>();
        Throwable last = null;
        for (Decision.Candidate candidate : decision.candidates()) {
            if (attempts.size() >= maxAttempts) {
                break;
            }
            if (!tried.add(candidate.model()) || blacklistedNow(candidate.model())) {
                continue;
            }
            String provider = candidate.provider() != null ? candidate.provider() : providerOf(candidate.model());
            long startedMs = clock.millis();
            long started = System.nanoTime();
            try {
                Reply<T> reply = invocation.call(candidate.model());
                long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                record(category, candidate.model(), provider, startedMs, latencyMs, CallStatus.OK, null, reply);
                attempts.add(new Attempt(candidate.model(), CallStatus.OK, latencyMs, null));
                metrics.attempted(CallStatus.OK, attempts.size() > 1);
                return new Routed<>(reply == null ? null : reply.value(), candidate.model(), List.copyOf(attempts), decision);
            } catch (Exception e) {
                long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                Failure failure = FailureClassifier.of(e);
                record(category, candidate.model(), provider, startedMs, latencyMs, failure.status(), failure, null);
                attempts.add(new Attempt(candidate.model(), failure.status(), latencyMs, failure.errorType()));
                metrics.attempted(failure.status(), attempts.size() > 1);
                last = e;
                if (failure.status() == CallStatus.CLIENT_ERROR) {
                    throw new RoutingFailedException(candidate.model() + " refused the request as a client error; not retried",
                            attempts, decision, e);
                }
            }
        }
        String message = attempts.isEmpty() ? "No model to call for " + category + ": "
                + (decision.reason() == null ? "every candidate is blacklisted" : decision.reason())
                : "Every attempt failed: " + attempts.size() + " of at most " + maxAttempts;
        throw new RoutingFailedException(message, attempts, decision, last);
    }

    private boolean blacklistedNow(String model) {
        ModelHealth entry = source.table().tenant(tenant).health().get(model);
        return entry != null && entry.getStatus() == HealthStatus.BLACKLISTED;
    }

    private void record(String category, String model, String provider, long startedMs, long latencyMs, CallStatus status,
                        Failure failure, Reply<?> reply) {
        ModelCall.Builder call = ModelCall.newBuilder().setEventId(EventIds.newId())
                .setTimestamp(java.time.Instant.ofEpochMilli(startedMs)).setTenant(tenant).setModel(model).setProvider(provider)
                .setCategory(category).setLatencyMs(latencyMs).setStatus(status);
        if (failure != null) {
            call.setErrorType(failure.errorType()).setErrorMessage(failure.message());
        }
        if (reply != null) {
            call.setInputTokens(reply.inputTokens()).setOutputTokens(reply.outputTokens()).setCostUsd(reply.costUsd())
                    .setQualityScore(reply.qualityScore());
        }
        recorder.accept(call.build());
    }

    /** The provider a model name implies ({@code openai/gpt-4o} → {@code openai}), for models the figures do not know. */
    static String providerOf(String model) {
        int slash = model.indexOf('/');
        return slash > 0 ? model.substring(0, slash) : "unknown";
    }

    private double dataAgeSeconds() {
        long asOf = source.table().newestAsOfMs();
        return asOf < 0 ? -1 : (clock.millis() - asOf) / 1000.0;
    }

    /** Whether the figures have been read once and the topics answer: decisions then come from data. */
    public boolean ready() {
        return source.table().loaded() && clock.millis() - source.lastContactMs() <= staleAfterMs;
    }

    @Override
    public void close() {
        metrics.close();
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("Closing the router failed", e);
        }
    }

    /** Where the router's figures come from: the feed, or a fixed table in tests. */
    interface Source {

        DecisionTable table();

        long lastContactMs();
    }

    /** Configures a {@link ModelRouter}; a client and bootstrap servers are required. */
    public static final class Builder {

        private ModelPerfClient client;
        private String bootstrapServers;
        private String registryUrl;
        private SchemaRegistry registry;
        private Topics topics = Topics.DEFAULT;
        private RoutingDefaults defaults;
        private int maxAttempts = 3;
        private double priorStrength = 10;
        private Duration staleAfter = Duration.ofSeconds(30);
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private final Map<String, Object> consumerConfig = new HashMap<>();

        private Builder() {
        }

        /** The client every attempt is recorded through; its tenant is the router's. */
        public Builder client(ModelPerfClient client) {
            this.client = client;
            return this;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder registryUrl(String registryUrl) {
            this.registryUrl = registryUrl;
            return this;
        }

        public Builder schemaRegistry(SchemaRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder topicPrefix(String prefix) {
            this.topics = new Topics(prefix);
            return this;
        }

        /** The rule table for when the data cannot answer (default: the one the server ships). */
        public Builder defaults(RoutingDefaults defaults) {
            this.defaults = defaults;
            return this;
        }

        /** How many different models one {@link #call} may try (default 3). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The server's {@code routing.prior.strength}; must match it for the same answers (default 10). */
        public Builder priorStrength(double priorStrength) {
            this.priorStrength = priorStrength;
            return this;
        }

        /** How long the topics may not answer before decisions fall back to the rule table (default 30 s). */
        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
            return this;
        }

        /** Where the router's meters go (default: the client's registry). */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** A setting of the router's Kafka consumer (security, timeouts...). */
        public Builder consumerConfig(String key, Object value) {
            consumerConfig.put(key, value);
            return this;
        }

        public ModelRouter build() {
            if (client == null) {
                throw new IllegalArgumentException("client is required: every attempt is recorded through it");
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required");
            }
            if (registry == null && (registryUrl == null || registryUrl.isBlank())) {
                throw new IllegalArgumentException("registryUrl or schemaRegistry is required");
            }
            SchemaRegistry schemas = registry != null ? registry : new CachedSchemaRegistry(new HttpSchemaRegistry(registryUrl));
            DecisionFeed feed = new DecisionFeed(bootstrapServers, consumerConfig, schemas, topics.decisions(), topics.health(), clock)
                    .start();
            Source source = new Source() {
                @Override
                public DecisionTable table() {
                    return feed.table();
                }

                @Override
                public long lastContactMs() {
                    return feed.lastContactMs();
                }
            };
            return new ModelRouter(client.tenant(), source, client::record, defaults != null ? defaults : RoutingDefaults.load(null),
                    priorStrength, maxAttempts, staleAfter, clock, meterRegistry != null ? meterRegistry : client.meterRegistry(),
                    () -> {
                        feed.close();
                        if (registry == null) {
                            schemas.close();
                        }
                    });
        }
    }
}
