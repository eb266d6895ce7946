package dev.modelperf.streams.cascade;

import static dev.modelperf.streams.cascade.Cascades.decision;
import static dev.modelperf.streams.cascade.Cascades.layer;
import static dev.modelperf.streams.cascade.Cascades.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.routing.cascade.ConfidenceHistogram;
import dev.modelperf.routing.cascade.Verdict;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingLayersReader;
import dev.modelperf.streams.stores.RoutingLayersReader.CascadeFigures;
import dev.modelperf.streams.stores.RoutingLayersReader.LayerFigures;
import dev.modelperf.streams.stores.RoutingStats;
import dev.modelperf.streams.stores.RoutingStores;
import dev.modelperf.streams.validate.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing decisions counted at once, their outcomes joined however late, each decision once, refused outcomes in the DLQ. */
class CascadeJoinTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> decisions;
    private TestInputTopic<String, byte[]> outcomes;
    private TestOutputTopic<String, byte[]> dlq;
    private StreamsSettings settings;
    private RoutingLayersReader reader;

    @BeforeEach
    void start() {
        settings = StreamsSettings.defaults().withStateDir(stateDir);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), NOW);
        decisions = driver.createInputTopic(settings.topics().routingDecisions(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        outcomes = driver.createInputTopic(settings.topics().routingOutcomes(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        reader = new RoutingLayersReader(resolution -> driver.getWindowStore(RoutingStores.storeName(resolution)),
                settings.aggregate().minuteRetention(), settings.aggregate().hourRetention());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(RoutingDecision decision) {
        decisions.pipeInput(decision.getDecisionId(),
                new RegistryAvroSerializer<RoutingDecision>(registry).serialize(settings.topics().routingDecisions(), decision),
                decision.getTimestamp());
    }

    private void send(RoutingOutcome outcome) {
        outcomes.pipeInput(outcome.getDecisionId(),
                new RegistryAvroSerializer<RoutingOutcome>(registry).serialize(settings.topics().routingOutcomes(), outcome),
                outcome.getTimestamp());
    }

    /** Three decisions: d1 caught by keyword, d2 by semantic, d3 clarified; d1 sent twice. */
    private void threeDecisions() {
        send(decision("acme", "d1", NOW, layer("keyword", 0.9, 0.8, "billing", 2)));
        send(decision("acme", "d2", NOW, layer("keyword", 0.5, 0.8, "billing", 3), layer("semantic", 0.75, 0.7, "support", 20)));
        send(decision("acme", "d3", NOW, layer("keyword", 0.3, 0.8, null, 1), layer("semantic", 0.4, 0.7, "sales", 30)));
        send(decision("acme", "d1", NOW, layer("keyword", 0.9, 0.8, "billing", 2)));
    }

    @Test
    void decisionsCountAtOnceAndEachOnce() {
        threeDecisions();

        CascadeFigures figures = reader.read("acme", Duration.ofHours(1), NOW.toEpochMilli());
        assertThat(figures.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(figures.cascade().decisions()).isEqualTo(3);
        assertThat(figures.cascade().routed()).isEqualTo(2);
        assertThat(figures.cascade().clarified()).isEqualTo(1);
        assertThat(figures.cascade().judged()).isZero();
        assertThat(figures.cascade().accuracy()).isNaN();
        assertThat(figures.cascade().meanLatencyMs()).isCloseTo(56.0 / 3, within(1e-9));
        assertThat(figures.layers()).extracting(LayerFigures::layerId).containsExactly("keyword", "semantic");
        LayerFigures keyword = figures.layers().get(0);
        assertThat(keyword.attempts()).isEqualTo(3);
        assertThat(keyword.accepted()).isEqualTo(1);
        assertThat(keyword.captureOfAttempts()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(keyword.captureOfDecisions()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(keyword.meanConfidence()).isCloseTo(1.7 / 3, within(1e-9));
        assertThat(keyword.histogram().total(Verdict.UNKNOWN)).isEqualTo(3);
        assertThat(keyword.thresholds()).containsExactly(new RoutingStats.ThresholdSeen(0.8, NOW.toEpochMilli(), NOW.toEpochMilli()));
        LayerFigures semantic = figures.layers().get(1);
        assertThat(semantic.attempts()).isEqualTo(2);
        assertThat(semantic.accepted()).isEqualTo(1);
        assertThat(semantic.captureOfAttempts()).isEqualTo(0.5);
        assertThat(semantic.meanLatencyMs()).isEqualTo(25.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void outcomesJudgeEveryProposalInTheDecisionsWindowsEvenHoursLate() {
        threeDecisions();
        send(outcome("acme", "o1", "d1", NOW).setCorrect(true).build());
        Instant later = NOW.plus(Duration.ofHours(3));
        driver.advanceWallClockTime(Duration.ofHours(3));
        send(outcome("acme", "o2", "d2", later).setCorrectTarget("billing").build());
        send(outcome("acme", "o2", "d2", later).setCorrectTarget("billing").build());

        for (Duration span : List.of(Duration.ofHours(1), Duration.ofHours(24))) {
            CascadeFigures figures = reader.read("acme", span, span.equals(Duration.ofHours(1)) ? NOW.toEpochMilli() : later.toEpochMilli());
            assertThat(figures.cascade().decisions()).as(span.toString()).isEqualTo(3);
            assertThat(figures.cascade().judged()).isEqualTo(2);
            assertThat(figures.cascade().correct()).isEqualTo(1);
            assertThat(figures.cascade().accuracy()).isEqualTo(0.5);
            LayerFigures keyword = figures.layers().get(0);
            assertThat(keyword.judged()).isEqualTo(1);
            assertThat(keyword.correct()).isEqualTo(1);
            assertThat(keyword.accuracy()).isEqualTo(1.0);
            ConfidenceHistogram proposals = keyword.histogram();
            assertThat(proposals.count(90, Verdict.CORRECT)).as("d1, accepted and right").isEqualTo(1);
            assertThat(proposals.count(50, Verdict.CORRECT)).as("d2, passed on but right").isEqualTo(1);
            assertThat(proposals.count(30, Verdict.UNKNOWN)).as("d3, no outcome").isEqualTo(1);
            assertThat(proposals.total()).isEqualTo(3);
            LayerFigures semantic = figures.layers().get(1);
            assertThat(semantic.judged()).isEqualTo(1);
            assertThat(semantic.correct()).isZero();
            assertThat(semantic.accuracy()).isZero();
            assertThat(semantic.histogram().count(75, Verdict.WRONG)).isEqualTo(1);
            assertThat(semantic.histogram().count(40, Verdict.UNKNOWN)).isEqualTo(1);
            assertThat(semantic.histogram().total()).isEqualTo(2);
        }
        assertThat(dlq.isEmpty()).as("a copy of an outcome is dropped, not refused").isTrue();
    }

    @Test
    void anOutcomeBeforeItsDecisionWaitsForIt() {
        send(outcome("acme", "o1", "d1", NOW).setCorrect(false).build());
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        send(decision("acme", "d1", NOW, layer("keyword", 0.9, 0.8, "billing", 2)));
        driver.advanceWallClockTime(Duration.ofMinutes(10));

        CascadeFigures figures = reader.read("acme", Duration.ofHours(1), NOW.toEpochMilli());
        assertThat(figures.cascade().judged()).isEqualTo(1);
        assertThat(figures.cascade().correct()).isZero();
        assertThat(figures.layers().get(0).histogram().count(90, Verdict.WRONG)).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void anOutcomeForAnUnknownDecisionGoesToTheDlqAfterTheHold() {
        send(outcome("acme", "o9", "nope", NOW).setCorrect(true).build());
        driver.advanceWallClockTime(Duration.ofMinutes(9));
        assertThat(dlq.isEmpty()).as("held for 10 minutes").isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(1).plusSeconds(10));
        TestRecord<String, byte[]> refused = dlq.readRecord();
        assertThat(refused.key()).isEqualTo("nope");
        assertThat(reason(refused)).isEqualTo("decision not found: no decision nope of tenant acme within the join horizon, nor within PT10M of this outcome");
        RoutingOutcome original = new RegistryAvroDeserializer<RoutingOutcome>(registry, RoutingOutcome.getClassSchema())
                .deserialize(settings.topics().routingOutcomes(), refused.value());
        assertThat(original.getEventId()).isEqualTo("o9");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aSecondOutcomeForAJudgedDecisionGoesToTheDlq() {
        send(decision("acme", "d1", NOW, layer("keyword", 0.9, 0.8, "billing", 2)));
        send(outcome("acme", "o1", "d1", NOW).setCorrect(true).build());
        send(outcome("acme", "o2", "d1", NOW).setCorrect(false).build());

        assertThat(reason(dlq.readRecord())).isEqualTo("outcome already recorded: decision d1 was judged by outcome o1; a decision is judged once");
        assertThat(dlq.isEmpty()).isTrue();
        CascadeFigures figures = reader.read("acme", Duration.ofHours(1), NOW.toEpochMilli());
        assertThat(figures.cascade().judged()).isEqualTo(1);
        assertThat(figures.cascade().correct()).isEqualTo(1);
    }

    @Test
    void anInconsistentDecisionOrAWrongKeyGoesToTheDlq() {
        RoutingDecision twoAccepting = RoutingDecision.newBuilder(decision("acme", "d1", NOW, layer("keyword", 0.9, 0.8, "billing", 2),
                layer("semantic", 0.9, 0.7, "billing", 20))).build();
        send(twoAccepting);
        assertThat(reason(dlq.readRecord())).isEqualTo("invalid: layers[0].accepted: only the last layer tried may accept: the cascade stops there");

        RoutingDecision fine = decision("acme", "d2", NOW, layer("keyword", 0.9, 0.8, "billing", 2));
        decisions.pipeInput("acme|d2",
                new RegistryAvroSerializer<RoutingDecision>(registry).serialize(settings.topics().routingDecisions(), fine), NOW);
        assertThat(reason(dlq.readRecord())).isEqualTo(
                "key must be the decisionId (d2) so that a decision and its outcome meet on one partition (was acme|d2)");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(reader.read("acme", Duration.ofHours(1), NOW.toEpochMilli()).cascade().decisions()).isZero();
    }

    private static String reason(TestRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(DlqHeaders.REASON).value(), StandardCharsets.UTF_8);
    }
}
