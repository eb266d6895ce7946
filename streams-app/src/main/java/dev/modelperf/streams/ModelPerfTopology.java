package dev.modelperf.streams;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.streams.aggregate.AggregateTopology;
import dev.modelperf.streams.aggregate.ClosedMinutes;
import dev.modelperf.streams.alert.AlertTopology;
import dev.modelperf.streams.cascade.CascadeTopology;
import dev.modelperf.streams.comparison.ComparisonTopology;
import dev.modelperf.streams.dedup.Deduplication;
import dev.modelperf.streams.ensemble.EnsembleTopology;
import dev.modelperf.streams.feedback.AttributedFeedback;
import dev.modelperf.streams.feedback.AttributedJudgment;
import dev.modelperf.streams.feedback.FeedbackTopology;
import dev.modelperf.streams.health.HealthTopology;
import dev.modelperf.streams.limit.LimitTopology;
import dev.modelperf.streams.validate.Checked;
import dev.modelperf.streams.validate.ValidationSettings;
import dev.modelperf.streams.validate.ValidationTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Builds ModelPerf's topology from settings; running it is someone else's job, so tests build the
 * very same topology. Every source, processor, sink and store has an explicit, stable name: a
 * renamed store would orphan its production state (a test pins {@code describe()}).
 */
public final class ModelPerfTopology {

    private ModelPerfTopology() {
    }

    /** Validated calls, each counted once, within their tenant's limits, feed health, the feedback and judgment join and the aggregates; closed minutes feed the alert rules; routing decisions and outcomes feed the cascade figures. */
    public static Topology build(StreamsSettings settings, SchemaRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(StreamsProperties.of(settings))));
        Topics topics = settings.topics();
        ValidationSettings validation = settings.validation();

        RegistryPatience patience = RegistryPatience.upTo(settings.registryOutageWait());

        LimitTopology limits = new LimitTopology(topics, settings.limits(), registry, patience);
        KStream<String, ModelCall> calls = limits.calls(Deduplication.calls(
                ValidationTopology.acceptedCalls(builder, topics, validation, registry, patience), settings.dedupWindow()));
        HealthTopology.attach(builder, calls, topics, settings.health(), registry, patience);
        KStream<String, Checked<Feedback>> acceptedFeedback = Deduplication.feedback(
                ValidationTopology.acceptedFeedback(builder, topics, validation, registry, patience), settings.dedupWindow());
        KStream<String, Checked<Judgment>> acceptedJudgments = Deduplication.judgments(
                ValidationTopology.acceptedJudgments(builder, topics, validation, registry, patience), settings.dedupWindow());
        FeedbackTopology.Attributed attributed = FeedbackTopology.attach(calls, acceptedFeedback, acceptedJudgments, topics,
                settings.feedback(), registry, patience);
        KStream<String, AttributedFeedback> feedback = limits.feedback(attributed.feedback());
        KStream<String, AttributedJudgment> judgments = limits.judgments(attributed.judgments());
        KStream<Void, ClosedMinutes> closedMinutes = AggregateTopology.attach(calls, feedback, judgments, settings.aggregate());
        AlertTopology.attach(builder, closedMinutes, topics, settings.alerts(), registry, patience);
        CascadeTopology.attach(builder, topics, settings.maxFutureSkew(), settings.dedupWindow(), settings.routing(), settings.aggregate(),
                settings.alerts(), registry, patience);
        EnsembleTopology.attach(ComparisonTopology.attach(builder, settings, registry, patience), settings.ensemble());
        return builder.build();
    }
}
