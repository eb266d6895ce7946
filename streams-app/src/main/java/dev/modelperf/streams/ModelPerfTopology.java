package dev.modelperf.streams;

import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.aggregate.CallStats;
import dev.modelperf.streams.aggregate.CallStatsAggregator;
import dev.modelperf.streams.aggregate.CallStatsSerde;
import dev.modelperf.streams.config.ModelPerfSettings;
import dev.modelperf.streams.health.HealthTopology;
import dev.modelperf.streams.topics.Topics;
import dev.modelperf.streams.validate.CallValidator;
import dev.modelperf.streams.validate.CheckedCall;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builds ModelPerf's topology from settings; running it is someone else's job, so tests build the
 * very same topology. Every source, processor, sink and store has an explicit, stable name: a
 * renamed store would orphan its production state (a test pins {@code describe()}).
 */
public final class ModelPerfTopology {

    /** Per (tenant, category, model) aggregates in 1-minute tumbling windows. */
    public static final String CALL_STATS_1M = "call-stats-1m";
    public static final Duration MINUTE = Duration.ofMinutes(1);

    private ModelPerfTopology() {
    }

    public static Topology build(ModelPerfSettings settings, SchemaRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(StreamsProperties.of(settings))));
        Topics topics = settings.topics();
        RegistryAvroDeserializer<ModelCall> callDeserializer = new RegistryAvroDeserializer<>(registry, ModelCall.getClassSchema());
        ModelCallRules rules = new ModelCallRules(settings.maxFutureSkew());
        Duration lateAfter = settings.minuteWindowRetention().minus(MINUTE);

        KStream<String, CheckedCall> checked = builder
                .stream(topics.calls(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("calls-source"))
                .process(() -> new CallValidator(callDeserializer, rules, lateAfter), Named.as("calls-validate"));
        Map<String, KStream<String, CheckedCall>> branches = checked.split(Named.as("calls-route-"))
                .branch((key, value) -> value.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));

        KStream<String, ModelCall> accepted = branches.get("calls-route-accepted")
                .mapValues(CheckedCall::call, Named.as("calls-unwrap"));
        accepted.process(minuteAggregator(settings), Named.as("calls-aggregate-1m"));
        HealthTopology.attach(builder, accepted, settings, registry);
        branches.get("calls-route-rejected")
                .mapValues(CheckedCall::raw, Named.as("calls-rejected-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq-sink"));
        return builder.build();
    }

    private static ProcessorSupplier<String, ModelCall, Void, Void> minuteAggregator(ModelPerfSettings settings) {
        StoreBuilder<WindowStore<String, CallStats>> store = Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(CALL_STATS_1M, settings.minuteWindowRetention(), MINUTE, false),
                        Serdes.String(), new CallStatsSerde())
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ModelCall, Void, Void> get() {
                return new CallStatsAggregator(CALL_STATS_1M, MINUTE.toMillis());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }
}
