package dev.modelperf.streams;

import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.aggregate.CallStats;
import dev.modelperf.streams.aggregate.CallStatsAggregator;
import dev.modelperf.streams.aggregate.CallStatsSerde;
import dev.modelperf.streams.aggregate.PriceTable;
import dev.modelperf.streams.aggregate.Resolution;
import dev.modelperf.streams.config.ModelPerfSettings;
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

    private static final Duration MINUTE = Duration.ofMinutes(1);

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

        branches.get("calls-route-accepted")
                .mapValues(CheckedCall::call, Named.as("calls-unwrap"))
                .process(statsAggregator(settings), Named.as("calls-aggregate"));
        branches.get("calls-route-rejected")
                .mapValues(CheckedCall::raw, Named.as("calls-rejected-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq-sink"));
        return builder.build();
    }

    private static ProcessorSupplier<String, ModelCall, Void, Void> statsAggregator(ModelPerfSettings settings) {
        PriceTable prices = PriceTable.load(settings.priceFile());
        Set<StoreBuilder<?>> stores = Set.of(
                windowStore(Resolution.MINUTE, settings.minuteWindowRetention()),
                windowStore(Resolution.HOUR, settings.hourWindowRetention()),
                windowStore(Resolution.DAY, settings.dayWindowRetention()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CallStatsAggregator.FOLD_PROGRESS_STORE),
                        Serdes.String(), Serdes.Long()));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ModelCall, Void, Void> get() {
                return new CallStatsAggregator(prices, settings.foldDelay(), settings.foldInterval());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    private static StoreBuilder<WindowStore<String, CallStats>> windowStore(Resolution resolution, Duration retention) {
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(resolution.storeName(), retention, Duration.ofMillis(resolution.sizeMs()), false),
                        Serdes.String(), new CallStatsSerde())
                .withCachingEnabled();
    }
}
