package dev.modelperf.client;

import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.schemas.validation.Violation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a service uses to report its LLM calls. {@link #record(ModelCall)} validates on the
 * caller's thread (a bad event is the caller's bug and fails loudly, naming field and rule), then
 * sends asynchronously; the returned future completes when the broker has the event, or
 * exceptionally, so that no send is ever taken for delivered unchecked.
 */
public final class ModelPerfClient implements AutoCloseable {

    public static final String DEFAULT_CALLS_TOPIC = "modelperf.calls.v1";

    private final Producer<String, ModelCall> producer;
    private final String tenant;
    private final String callsTopic;
    private final ModelCallRules rules;
    private final Clock clock;
    private final SchemaRegistry registry;

    private ModelPerfClient(Builder builder) {
        this.tenant = builder.tenant;
        this.callsTopic = builder.callsTopic;
        this.rules = new ModelCallRules(builder.maxFutureSkew);
        this.clock = builder.clock;
        this.registry = builder.registry != null ? builder.registry
                : new CachedSchemaRegistry(new HttpSchemaRegistry(builder.registryUrl));
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(builder.producerOverrides);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new RegistryAvroSerializer<>(registry));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends one call, stamped with this client's tenant.
     *
     * @throws InvalidEventException when the call breaks a rule; nothing is sent then
     */
    public CompletableFuture<RecordMetadata> record(ModelCall call) {
        Objects.requireNonNull(call, "call");
        List<Violation> violations = new ArrayList<>();
        if (!"default".equals(call.getTenant()) && !tenant.equals(call.getTenant())) {
            violations.add(new Violation("tenant", "must be unset or this client's tenant '" + tenant + "' (was '"
                    + call.getTenant() + "')"));
        }
        ModelCall stamped = ModelCall.newBuilder(call).setTenant(tenant).build();
        violations.addAll(rules.check(stamped, clock.millis()));
        if (!violations.isEmpty()) {
            throw new InvalidEventException("ModelCall", violations);
        }
        String key = new CallKey(tenant, stamped.getModel()).encode();
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(callsTopic, null, stamped.getTimestamp().toEpochMilli(), key, stamped),
                (metadata, exception) -> {
                    if (exception != null) {
                        sent.completeExceptionally(exception);
                    } else {
                        sent.complete(metadata);
                    }
                });
        return sent;
    }

    /** Blocks until every call recorded so far has been acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        registry.close();
    }

    /** Configures a {@link ModelPerfClient}; bootstrap servers and a registry are required. */
    public static final class Builder {
        private String bootstrapServers;
        private String registryUrl;
        private SchemaRegistry registry;
        private String tenant = "default";
        private String callsTopic = DEFAULT_CALLS_TOPIC;
        private Duration maxFutureSkew = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
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

        public Builder callsTopic(String callsTopic) {
            this.callsTopic = callsTopic;
            return this;
        }

        public Builder maxFutureSkew(Duration maxFutureSkew) {
            this.maxFutureSkew = maxFutureSkew;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
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
            if (!violations.isEmpty()) {
                throw new InvalidEventException("ModelPerfClient configuration", violations);
            }
            return new ModelPerfClient(this);
        }
    }
}
