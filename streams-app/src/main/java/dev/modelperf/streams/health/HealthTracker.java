package dev.modelperf.streams.health;

import dev.modelperf.events.ModelCall;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.streams.stores.QueryableStores;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Applies each accepted call to its model's {@link Blacklist} state, on the partition the call
 * arrived on (the key is tenant|model: no repartition), and publishes health changes and alerts.
 * The safety valve sees the tenant's models through the global health store (every partition,
 * every instance, as of the last commits) overlaid with this task's own store (current to the record).
 */
final class HealthTracker extends ContextualProcessor<String, ModelCall, String, SpecificRecord> {

    private static final StringSerializer KEYS = new StringSerializer();
    /** Idle periods are days long: a minute late is no matter, and a scan a minute costs little. */
    static final Duration IDLE_CHECK_INTERVAL = Duration.ofMinutes(1);

    private final HealthPolicy policy;
    private final Blacklist blacklist;
    private final SafetyValve valve;
    private final HealthAlerts alerts;
    private KeyValueStore<String, HealthState> store;
    private ReadOnlyKeyValueStore<String, ModelHealth> global;
    private HealthPublisher publisher;

    HealthTracker(HealthPolicy policy) {
        this.policy = policy;
        this.blacklist = new Blacklist(policy);
        this.valve = new SafetyValve(policy);
        this.alerts = new HealthAlerts(policy);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        super.init(context);
        store = context.getStateStore(HealthTopology.HEALTH_STATE);
        global = context.getStateStore(QueryableStores.HEALTH_GLOBAL);
        publisher = new HealthPublisher(context, alerts);
        context.schedule(policy.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, new BlacklistExpiry(store, blacklist, publisher));
        context.schedule(IDLE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, new IdleExpiry(store, publisher, policy));
    }

    @Override
    public void process(Record<String, ModelCall> record) {
        ModelCall call = record.value();
        String key = record.key();
        Blacklist.Outcome outcome = blacklist.onCall(store.get(key), call, record.timestamp(), context().currentStreamTimeMs(),
                at -> valve.check(call.getModel(), tenantModels(call.getTenant()).values(), at));
        if (outcome.store()) {
            store.put(key, outcome.state());
        }
        publisher.publish(key, outcome);
    }

    /** The tenant's models by name: the global view, then this task's fresher state of its own models. */
    private Map<String, SafetyValve.Member> tenantModels(String tenant) {
        String prefix = CallKey.tenantPrefix(tenant);
        Map<String, SafetyValve.Member> members = new LinkedHashMap<>();
        try (KeyValueIterator<String, ModelHealth> published = global.prefixScan(prefix, KEYS)) {
            while (published.hasNext()) {
                ModelHealth health = published.next().value;
                members.put(health.getModel(), new SafetyValve.Member(health.getModel(), health.getStatus(),
                        health.getUpdatedAt().toEpochMilli(),
                        health.getBlacklistedUntil() == null ? null : health.getBlacklistedUntil().toEpochMilli()));
            }
        }
        try (KeyValueIterator<String, HealthState> local = store.prefixScan(prefix, KEYS)) {
            while (local.hasNext()) {
                KeyValue<String, HealthState> entry = local.next();
                String model = CallKey.decode(entry.key).model();
                HealthState state = entry.value;
                members.put(model, new SafetyValve.Member(model, state.status(), state.lastCallAt(), state.until()));
            }
        }
        return members;
    }
}
