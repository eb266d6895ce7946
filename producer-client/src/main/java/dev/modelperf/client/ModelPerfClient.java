package dev.modelperf.client;

import dev.modelperf.client.PendingEvent.EventKind;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.keys.ComparisonKey;
import dev.modelperf.schemas.keys.FeedbackKey;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.schemas.validation.ComparisonRules;
import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.schemas.validation.JudgmentRules;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.schemas.validation.RoutingDecisionRules;
import dev.modelperf.schemas.validation.RoutingOutcomeRules;
import dev.modelperf.schemas.validation.Violation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service uses to report its LLM calls and their feedback, and its routing cascade's
 * decisions and their outcomes. {@link #record(ModelCall)}, {@link #feedback(Feedback)},
 * {@link #recordRoutingDecision}, {@link #recordRoutingOutcome}, {@link #recordComparison} and {@link #recordJudgment} validate on the caller's thread (a bad event is the caller's bug and
 * fails loudly, naming field and rule), put the event in a bounded in-memory buffer and return:
 * one dispatcher thread hands buffered events to Kafka, so nothing Kafka waits on reaches the
 * caller. The returned future completes when the broker has the event, or exceptionally: when
 * Kafka fails it, or when the buffer overflows ({@link OverflowPolicy}, default drop-oldest) or
 * the client closes first, with a {@link DroppedEventException}, counted and reported to the
 * {@link DropListener}. No event is lost quietly.
 */
public final class ModelPerfClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelPerfClient.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final String tenant;
    private final String callsTopic;
    private final String feedbackTopic;
    private final ModelCallRules callRules;
    private final FeedbackRules feedbackRules;
    private final String routingDecisionsTopic;
    private final String routingOutcomesTopic;
    private final RoutingDecisionRules decisionRules;
    private final RoutingOutcomeRules outcomeRules;
    private final String comparisonsTopic;
    private final String judgmentsTopic;
    private final ComparisonRules comparisonRules;
    private final JudgmentRules judgmentRules;
    private final Clock clock;
    private final SchemaRegistry registry;
    private final Producer<String, SpecificRecord> producer;
    private final EventBuffer buffer;
    private final ClientMetrics metrics;
    private final MeterRegistry meterRegistry;
    private final DropListener dropListener;
    private final Duration closeTimeout;
    private final Thread dispatcher;
    private volatile boolean closed;

    private ModelPerfClient(Builder builder) {
        this.tenant = builder.tenant;
        this.callsTopic = builder.callsTopic;
        this.feedbackTopic = builder.feedbackTopic;
        this.callRules = new ModelCallRules(builder.maxFutureSkew, builder.maxCallCostUsd);
        this.feedbackRules = new FeedbackRules(builder.maxFutureSkew);
        this.routingDecisionsTopic = builder.routingDecisionsTopic;
        this.routingOutcomesTopic = builder.routingOutcomesTopic;
        this.decisionRules = new RoutingDecisionRules(builder.maxFutureSkew);
        this.outcomeRules = new RoutingOutcomeRules(builder.maxFutureSkew);
        this.comparisonsTopic = builder.topics.comparisons();
        this.judgmentsTopic = builder.topics.judgments();
        this.comparisonRules = new ComparisonRules(builder.maxFutureSkew, builder.maxCallCostUsd);
        this.judgmentRules = new JudgmentRules(builder.maxFutureSkew);
        this.clock = builder.clock;
        this.dropListener = builder.dropListener;
        this.closeTimeout = builder.closeTimeout;
        this.registry = builder.registry != null ? builder.registry
                : new CachedSchemaRegistry(new HttpSchemaRegistry(builder.registryUrl));
        String clientId = builder.clientId != null ? builder.clientId : "modelperf-client-" + CLIENT_IDS.incrementAndGet();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(builder.producerOverrides);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new RegistryAvroSerializer<>(registry));
        this.buffer = new EventBuffer(builder.bufferCapacity, builder.overflowPolicy, builder.maxBlock.toNanos());
        this.meterRegistry = builder.meterRegistry != null ? builder.meterRegistry : new SimpleMeterRegistry();
        this.metrics = new ClientMetrics(meterRegistry, clientId, buffer::size);
        this.dispatcher = new Thread(new Dispatcher(buffer, producer, metrics), clientId + "-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Buffers one call, stamped with this client's tenant, for sending. Never waits for Kafka
     * (unless the policy is {@link OverflowPolicy#BLOCK}). Do not change {@code call} afterwards.
     *
     * @return completes with the record's metadata once the broker has it; exceptionally when it
     *     cannot be delivered or is dropped ({@link DroppedEventException})
     * @throws InvalidEventException when the call breaks a rule; nothing is sent then
     * @throws IllegalStateException when the client is closed
     */
    public CompletableFuture<RecordMetadata> record(ModelCall call) {
        Objects.requireNonNull(call, "call");
        ModelCall stamped = tenant.equals(call.getTenant()) ? call : ModelCall.newBuilder(call).setTenant(tenant).build();
        List<Violation> violations = new ArrayList<>(tenantViolation(call.getTenant()));
        violations.addAll(callRules.check(stamped, clock.millis()));
        if (!violations.isEmpty()) {
            throw new InvalidEventException("ModelCall", violations);
        }
        String key = new CallKey(tenant, stamped.getModel()).encode();
        return enqueue(EventKind.CALL, new ProducerRecord<>(callsTopic, null, stamped.getTimestamp().toEpochMilli(), key, stamped));
    }

    /**
     * Buffers one judgement of an earlier call (its {@code callEventId}), stamped with this
     * client's tenant, keyed {@code tenant|callEventId} on the feedback topic. Same guarantees as
     * {@link #record(ModelCall)}.
     */
    public CompletableFuture<RecordMetadata> feedback(Feedback feedback) {
        Objects.requireNonNull(feedback, "feedback");
        Feedback stamped = tenant.equals(feedback.getTenant()) ? feedback
                : Feedback.newBuilder(feedback).setTenant(tenant).build();
        List<Violation> violations = new ArrayList<>(tenantViolation(feedback.getTenant()));
        violations.addAll(feedbackRules.check(stamped, clock.millis()));
        if (!violations.isEmpty()) {
            throw new InvalidEventException("Feedback", violations);
        }
        String key = new FeedbackKey(tenant, stamped.getCallEventId()).encode();
        return enqueue(EventKind.FEEDBACK,
                new ProducerRecord<>(feedbackTopic, null, stamped.getTimestamp().toEpochMilli(), key, stamped));
    }

    /**
     * Buffers how a routing cascade routed one task, stamped with this client's tenant, keyed by
     * its {@code decisionId} on the routing-decisions topic. Same guarantees as {@link #record(ModelCall)}.
     */
    public CompletableFuture<RecordMetadata> recordRoutingDecision(RoutingDecision decision) {
        Objects.requireNonNull(decision, "decision");
        RoutingDecision stamped = tenant.equals(decision.getTenant()) ? decision
                : RoutingDecision.newBuilder(decision).setTenant(tenant).build();
        List<Violation> violations = new ArrayList<>(tenantViolation(decision.getTenant()));
        violations.addAll(decisionRules.check(stamped, clock.millis()));
        if (!violations.isEmpty()) {
            throw new InvalidEventException("RoutingDecision", violations);
        }
        return enqueue(EventKind.ROUTING_DECISION, new ProducerRecord<>(routingDecisionsTopic, null,
                stamped.getTimestamp().toEpochMilli(), stamped.getDecisionId(), stamped));
    }

    /**
     * Buffers what became of a routed task (its {@code decisionId}), stamped with this client's
     * tenant, keyed by the decision id so that it meets its decision. Same guarantees as
     * {@link #record(ModelCall)}.
     */
    public CompletableFuture<RecordMetadata> recordRoutingOutcome(RoutingOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        RoutingOutcome stamped = tenant.equals(outcome.getTenant()) ? outcome
                : RoutingOutcome.newBuilder(outcome).setTenant(tenant).build();
        List<Violation> violations = new ArrayList<>(tenantViolation(outcome.getTenant()));
        violations.addAll(outcomeRules.check(stamped, clock.millis()));
        if (!violations.isEmpty()) {
            throw new InvalidEventException("RoutingOutcome", violations);
        }
        return enqueue(EventKind.ROUTING_OUTCOME, new ProducerRecord<>(routingOutcomesTopic, null,
                stamped.getTimestamp().toEpochMilli(), stamped.getDecisionId(), stamped));
    }

    /**
     * Buffers one comparison (a debate, a vote, an arena battle), stamped with this client's
     * tenant, keyed by {@link ComparisonKey} on the comparisons topic. Same guarantees as
     * {@link #record(ModelCall)}.
     */
    public CompletableFuture<RecordMetadata> recordComparison(Comparison comparison) {
        Objects.requireNonNull(comparison, "comparison");
        Comparison stamped = tenant.equals(comparison.getTenant()) ? comparison
                : Comparison.newBuilder(comparison).setTenant(tenant).build();
        List<Violation> violations = new ArrayList<>(tenantViolation(comparison.getTenant()));
        violations.addAll(comparisonRules.check(stamped, clock.millis()));
        if (!violations.isEmpty()) {
            throw new InvalidEventException("Comparison", violations);
        }
        String key = new ComparisonKey(tenant, stamped.getEventId()).encode();
        return enqueue(EventKind.COMPARISON, new ProducerRecord<>(comparisonsTopic, null,
                stamped.getTimestamp().toEpochMilli(), key, stamped));
    }

    /**
     * Buffers a judge's verdict on one call, stamped with this client's tenant, keyed like
     * feedback ({@link FeedbackKey}) so that it meets its call. Same guarantees as
     * {@link #record(ModelCall)}.
     */
    public CompletableFuture<RecordMetadata> recordJudgment(Judgment judgment) {
        Objects.requireNonNull(judgment, "judgment");
        Judgment stamped = tenant.equals(judgment.getTenant()) ? judgment
                : Judgment.newBuilder(judgment).setTenant(tenant).build();
        List<Violation> violations = new ArrayList<>(tenantViolation(judgment.getTenant()));
        violations.addAll(judgmentRules.check(stamped, clock.millis()));
        if (!violations.isEmpty()) {
            throw new InvalidEventException("Judgment", violations);
        }
        String key = new FeedbackKey(tenant, stamped.getCallEventId()).encode();
        return enqueue(EventKind.JUDGMENT, new ProducerRecord<>(judgmentsTopic, null,
                stamped.getTimestamp().toEpochMilli(), key, stamped));
    }

    /**
     * Starts timing one LLM call; end it with {@link CallTimer#success} or {@link CallTimer#failure},
     * which record it.
     */
    public CallTimer start(String model, String provider, String category) {
        return new CallTimer(this, clock, model, provider, category);
    }

    /** The tenant stamped on every event; a call may leave it unset ({@code default}) or repeat it. */
    public String tenant() {
        return tenant;
    }

    /** The registry holding this client's meters (the one given to the builder, or its own). */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    private List<Violation> tenantViolation(String given) {
        if ("default".equals(given) || tenant.equals(given)) {
            return List.of();
        }
        return List.of(new Violation("tenant", "must be unset or this client's tenant '" + tenant + "' (was '" + given + "')"));
    }

    private CompletableFuture<RecordMetadata> enqueue(EventKind kind, ProducerRecord<String, SpecificRecord> record) {
        if (closed) {
            throw new IllegalStateException("ModelPerfClient is closed");
        }
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        EventBuffer.Rejected rejected = buffer.offer(new PendingEvent(record, kind, System.nanoTime(), future));
        if (rejected != null) {
            drop(rejected.event(), rejected.reason());
        }
        return future;
    }

    private void drop(PendingEvent event, DropReason reason) {
        metrics.dropped(event.kind(), reason);
        try {
            dropListener.dropped(event.record().value(), reason);
        } catch (RuntimeException e) {
            log.warn("ModelPerf drop listener failed", e);
        }
        event.future().completeExceptionally(new DroppedEventException(reason, reason == DropReason.CLOSED
                ? "ModelPerf event dropped: the client closed before it could be sent"
                : "ModelPerf event dropped: the client's buffer was full (Kafka slow or unreachable)"));
    }

    /** Blocks until every event recorded before this call has been acknowledged, has failed or was dropped. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        buffer.requestFlush(done);
        done.join();
    }

    /**
     * Sends what is buffered and waits for the acknowledgements, up to the builder's
     * {@code closeTimeout}; events still unsent then are dropped (reason {@link DropReason#CLOSED})
     * and those in flight fail. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        buffer.close();
        try {
            dispatcher.join(Math.max(1, closeTimeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PendingEvent left : buffer.abandon()) {
            drop(left, DropReason.CLOSED);
        }
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        awaitDispatcherExit();
        metrics.close();
        registry.close();
    }

    private void awaitDispatcherExit() {
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dispatcher.isAlive()) {
            log.warn("ModelPerf client dispatcher still running after close; it is a daemon thread");
        }
    }

    /** Configures a {@link ModelPerfClient}; bootstrap servers and a registry are required. */
    public static final class Builder {
        private String bootstrapServers;
        private String registryUrl;
        private SchemaRegistry registry;
        private String tenant = "default";
        private String callsTopic = Topics.DEFAULT.calls();
        private String feedbackTopic = Topics.DEFAULT.feedback();
        private String routingDecisionsTopic = Topics.DEFAULT.routingDecisions();
        private String routingOutcomesTopic = Topics.DEFAULT.routingOutcomes();
        private Topics topics = Topics.DEFAULT;
        private Duration maxFutureSkew = Duration.ofMinutes(5);
        private double maxCallCostUsd = ModelCallRules.DEFAULT_MAX_CALL_COST_USD;
        private Clock clock = Clock.systemUTC();
        private int bufferCapacity = 10_000;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_OLDEST;
        private Duration maxBlock = Duration.ofSeconds(1);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private DropListener dropListener = (event, reason) -> { };
        private MeterRegistry meterRegistry;
        private String clientId;
        private final Map<String, Object> producerOverrides = new HashMap<>();

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** Base URL of a Confluent-compatible schema registry. */
        public Builder registryUrl(String registryUrl) {
            this.registryUrl = registryUrl;
            return this;
        }

        /** A registry client to use instead of one built from {@link #registryUrl(String)}; the client closes it. */
        public Builder schemaRegistry(SchemaRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** The pipeline's topics under another prefix than {@link Topics#DEFAULT_PREFIX}, as {@code topic.prefix} sets them on the server. */
        public Builder topicPrefix(String prefix) {
            Topics topics = new Topics(prefix);
            this.callsTopic = topics.calls();
            this.feedbackTopic = topics.feedback();
            this.routingDecisionsTopic = topics.routingDecisions();
            this.routingOutcomesTopic = topics.routingOutcomes();
            this.topics = topics;
            return this;
        }

        public Builder callsTopic(String callsTopic) {
            this.callsTopic = callsTopic;
            return this;
        }

        public Builder feedbackTopic(String feedbackTopic) {
            this.feedbackTopic = feedbackTopic;
            return this;
        }

        public Builder maxFutureSkew(Duration maxFutureSkew) {
            this.maxFutureSkew = maxFutureSkew;
            return this;
        }

        /** The most one call may cost (as the server's {@code validation.max.call.cost.usd}); a dearer call is refused. */
        public Builder maxCallCostUsd(double maxCallCostUsd) {
            this.maxCallCostUsd = maxCallCostUsd;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How many events may wait for Kafka in memory (default 10,000, some 5 MB of calls). */
        public Builder bufferCapacity(int bufferCapacity) {
            this.bufferCapacity = bufferCapacity;
            return this;
        }

        /** What happens to a new event when the buffer is full (default {@link OverflowPolicy#DROP_OLDEST}). */
        public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
            this.overflowPolicy = overflowPolicy;
            return this;
        }

        /** Under {@link OverflowPolicy#BLOCK}, how long a caller may wait for room (default 1 s). */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        /** How long {@link #close()} may take to send what is buffered (default 30 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Hears of every dropped event (besides the failed future and the counter). */
        public Builder onDrop(DropListener dropListener) {
            this.dropListener = dropListener;
            return this;
        }

        /** Where the client's meters go (default: a registry of its own, see {@link #meterRegistry()}). */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** The Kafka {@code client.id} and the {@code client} tag of the meters (default modelperf-client-N). */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** A Kafka producer setting, overriding the client's defaults. */
        public Builder producerConfig(String key, Object value) {
            producerOverrides.put(key, value);
            return this;
        }

        public ModelPerfClient build() {
            List<Violation> violations = new ArrayList<>();
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                violations.add(new Violation("bootstrapServers", "must be set"));
            }
            if (registry == null && (registryUrl == null || registryUrl.isBlank())) {
                violations.add(new Violation("registryUrl", "must be set (or a schemaRegistry given)"));
            }
            if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
                violations.add(new Violation("tenant", "must match " + ModelCallRules.TENANT.pattern()));
            }
            if (bufferCapacity < 1) {
                violations.add(new Violation("bufferCapacity", "must be at least 1 (was " + bufferCapacity + ")"));
            }
            if (overflowPolicy == null) {
                violations.add(new Violation("overflowPolicy", "must be set"));
            }
            if (dropListener == null) {
                violations.add(new Violation("onDrop", "must be set"));
            }
            nonNegative(violations, "maxBlock", maxBlock);
            nonNegative(violations, "closeTimeout", closeTimeout);
            nonNegative(violations, "maxFutureSkew", maxFutureSkew);
            if (!(Double.isFinite(maxCallCostUsd) && maxCallCostUsd > 0)) {
                violations.add(new Violation("maxCallCostUsd", "must be a finite number > 0 (was " + maxCallCostUsd + ")"));
            }
            if (!violations.isEmpty()) {
                throw new InvalidEventException("ModelPerfClient configuration", violations);
            }
            return new ModelPerfClient(this);
        }

        private static void nonNegative(List<Violation> violations, String field, Duration duration) {
            if (duration == null || duration.isNegative()) {
                violations.add(new Violation(field, "must be a duration >= 0"));
            }
        }
    }
}
