package dev.modelperf.streams.limit;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.feedback.AttributedFeedback;
import dev.modelperf.streams.feedback.AttributedJudgment;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Limits the distinct models and category levels of each tenant. A tenant's models live on many
 * partitions (calls are keyed tenant|model), so the one authority on its names is a store keyed by
 * tenant, behind a repartition; only calls bringing a name their partition has not seen admitted
 * go there ({@code names-claims}), and come back to their model's partition ({@code names-returns})
 * once admitted, or go to the DLQ with the limit in the reason. Every other call passes the gate
 * without leaving its task: the cost of the limit is paid once per name and partition.
 */
public final class LimitTopology {

    /** Per tenant: its admitted model names and category levels, and their counts; on the tenant's partition. */
    public static final String TENANT_NAMES = "tenant-names";
    /** Per task: models and category paths of its calls already admitted. */
    public static final String NAMES_ADMITTED = "names-admitted";

    private final Topics topics;
    private final LimitSettings limits;
    private final SchemaRegistry registry;
    private final RegistryPatience patience;
    /** One builder for every processor that shares the store, as Kafka Streams requires. */
    private final StoreBuilder<KeyValueStore<String, Long>> admittedStore = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NAMES_ADMITTED), Serdes.String(), Serdes.Long()).withCachingEnabled();

    public LimitTopology(Topics topics, LimitSettings limits, SchemaRegistry registry, RegistryPatience patience) {
        this.topics = topics;
        this.limits = limits;
        this.registry = registry;
        this.patience = patience;
    }

    /** Calls ({@code calls}: accepted, each once, keyed tenant|model) whose names fit their tenant's limits, keyed as they came. */
    public KStream<String, ModelCall> calls(KStream<String, ModelCall> calls) {
        Serde<ModelCall> callSerde = AvroSerdes.specific(ModelCall.getClassSchema(), registry, patience);
        StoreBuilder<KeyValueStore<String, Long>> tenantStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TENANT_NAMES), Serdes.String(), Serdes.Long()).withCachingEnabled();

        Map<String, KStream<String, GatedCall>> gated = calls
                .process(supplier(NameGate::new, admittedStore), Named.as("names-gate"))
                .split(Named.as("names-route-"))
                .branch((key, value) -> value.known(), Branched.as("known"))
                .defaultBranch(Branched.as("new"));
        Map<String, KStream<String, LimitVerdict>> judged = gated.get("names-route-new")
                .map((key, gate) -> KeyValue.pair(gate.call().getTenant(), gate.call()), Named.as("names-by-tenant"))
                .repartition(Repartitioned.with(Serdes.String(), callSerde).withName("names-claims"))
                .process(supplier(() -> new NameLimiter(limits), tenantStore), Named.as("names-limit"))
                .split(Named.as("names-verdict-"))
                .branch((key, verdict) -> verdict.admitted(), Branched.as("admitted"))
                .defaultBranch(Branched.as("refused"));

        RegistryAvroSerializer<ModelCall> serializer = new RegistryAvroSerializer<>(registry, patience);
        judged.get("names-verdict-refused")
                .map((tenant, verdict) -> KeyValue.pair(key(verdict.call()), serializer.serialize(topics.calls(), verdict.call())),
                        Named.as("names-refused-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("names-dlq-sink"));
        KStream<String, ModelCall> admitted = judged.get("names-verdict-admitted")
                .map((tenant, verdict) -> KeyValue.pair(key(verdict.call()), verdict.call()), Named.as("names-by-model"))
                .repartition(Repartitioned.with(Serdes.String(), callSerde).withName("names-returns"))
                .process(supplier(NameLearner::new, admittedStore), Named.as("names-learn"));
        return gated.get("names-route-known")
                .mapValues(GatedCall::call, Named.as("names-known-calls"))
                .merge(admitted, Named.as("names-passed"));
    }

    /**
     * Attributed feedback ({@code feedback}: keyed tenant|model, on its model's partition) that names only a model and
     * category admitted for calls; other feedback goes to the DLQ, so that feedback cannot bring names past the limits.
     */
    public KStream<String, AttributedFeedback> feedback(KStream<String, AttributedFeedback> feedback) {
        AttributedNameCheck.Names<AttributedFeedback> names = new AttributedNameCheck.Names<>("feedback", "feedback",
                f -> f.feedback().getTenant(), AttributedFeedback::model, AttributedFeedback::category);
        Map<String, KStream<String, NameCheckVerdict<AttributedFeedback>>> checked = feedback
                .process(supplier(() -> new AttributedNameCheck<>(names), admittedStore), Named.as("feedback-names-check"))
                .split(Named.as("feedback-names-route-"))
                .branch((key, verdict) -> verdict.admitted(), Branched.as("admitted"))
                .defaultBranch(Branched.as("refused"));
        RegistryAvroSerializer<Feedback> serializer = new RegistryAvroSerializer<>(registry, patience);
        checked.get("feedback-names-route-refused")
                .mapValues(verdict -> serializer.serialize(topics.feedback(), verdict.attributed().feedback()),
                        Named.as("feedback-names-refused-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("feedback-names-dlq-sink"));
        return checked.get("feedback-names-route-admitted").mapValues(NameCheckVerdict::attributed, Named.as("feedback-names-passed"));
    }

    /** Attributed judgments, checked as {@link #feedback} checks feedback: they must not bring names past the limits either. */
    public KStream<String, AttributedJudgment> judgments(KStream<String, AttributedJudgment> judgments) {
        AttributedNameCheck.Names<AttributedJudgment> names = new AttributedNameCheck.Names<>("judgment", "judgments",
                j -> j.judgment().getTenant(), AttributedJudgment::model, AttributedJudgment::category);
        Map<String, KStream<String, NameCheckVerdict<AttributedJudgment>>> checked = judgments
                .process(supplier(() -> new AttributedNameCheck<>(names), admittedStore), Named.as("judgment-names-check"))
                .split(Named.as("judgment-names-route-"))
                .branch((key, verdict) -> verdict.admitted(), Branched.as("admitted"))
                .defaultBranch(Branched.as("refused"));
        RegistryAvroSerializer<Judgment> serializer = new RegistryAvroSerializer<>(registry, patience);
        checked.get("judgment-names-route-refused")
                .mapValues(verdict -> serializer.serialize(topics.judgments(), verdict.attributed().judgment()),
                        Named.as("judgment-names-refused-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("judgment-names-dlq-sink"));
        return checked.get("judgment-names-route-admitted").mapValues(NameCheckVerdict::attributed, Named.as("judgment-names-passed"));
    }

    private static String key(ModelCall call) {
        return new CallKey(call.getTenant(), call.getModel()).encode();
    }

    private static <I, O> ProcessorSupplier<String, I, String, O> supplier(Supplier<Processor<String, I, String, O>> processor,
                                                                         StoreBuilder<?> store) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, I, String, O> get() {
                return processor.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }
}
