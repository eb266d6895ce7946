package dev.modelperf.streams.cascade;

import static dev.modelperf.streams.cascade.Cascades.decision;
import static dev.modelperf.streams.cascade.Cascades.layer;
import static dev.modelperf.streams.cascade.Cascades.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.routing.cascade.Verdict;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.stores.RoutingLayersReader;
import dev.modelperf.streams.stores.RoutingLayersReader.CascadeFigures;
import dev.modelperf.streams.stores.RoutingStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog as a load run leaves it: decisions spread over the last 30 minutes and their outcomes
 * minutes later, all arriving at once in shuffled order (outcomes before their decisions, event
 * times going back and forth). Every decision counts once, every outcome judges its decision once,
 * nothing is dropped as late and nothing goes to the DLQ.
 */
class CascadeBacklogTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");
    private static final int TASKS = 400;

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

    @Test
    void aShuffledBacklogOverThirtyMinutesCountsEveryDecisionAndEveryVerdictOnce() {
        Random random = new Random(11);
        List<SpecificRecord> backlog = new ArrayList<>();
        long routed = 0;
        long judgedRoutes = 0;
        long keywordJudged = 0;
        for (int i = 0; i < TASKS; i++) {
            Instant at = NOW.minusMillis(1 + random.nextInt((int) Duration.ofMinutes(30).toMillis()));
            boolean keywordAccepts = random.nextBoolean();
            LayerAttempt keyword = layer("keyword", keywordAccepts ? 0.9 : 0.3, 0.8, "billing", 2);
            RoutingDecision decision = keywordAccepts ? decision("acme", "d-" + i, at, keyword)
                    : decision("acme", "d-" + i, at, keyword, layer("semantic", random.nextDouble(), 0.7, "support", 20));
            backlog.add(decision);
            routed += decision.getClarified() ? 0 : 1;
            if (random.nextDouble() < 0.95) {
                Instant outcomeAt = at.plusSeconds(random.nextInt(300));
                backlog.add(outcome("acme", "o-" + i, "d-" + i, outcomeAt.isAfter(NOW) ? NOW : outcomeAt)
                        .setCorrectTarget(random.nextBoolean() ? "billing" : "support").build());
                judgedRoutes += decision.getClarified() ? 0 : 1;
                keywordJudged++;
            }
        }
        Collections.shuffle(backlog, random);

        backlog.forEach(this::send);
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        CascadeFigures figures = reader.read("acme", Duration.ofHours(1), NOW.toEpochMilli());
        assertThat(dlq.readValuesToList()).isEmpty();
        assertThat(figures.cascade().decisions()).isEqualTo(TASKS);
        assertThat(figures.cascade().routed()).isEqualTo(routed);
        assertThat(figures.cascade().judged()).isEqualTo(judgedRoutes);
        assertThat(figures.layers().get(0).layerId()).isEqualTo("keyword");
        assertThat(figures.layers().get(0).attempts()).isEqualTo(TASKS);
        assertThat(figures.layers().get(0).histogram().total(Verdict.UNKNOWN)).isEqualTo(TASKS - keywordJudged);
    }

    private void send(SpecificRecord event) {
        if (event instanceof RoutingDecision decision) {
            decisions.pipeInput(decision.getDecisionId(), new RegistryAvroSerializer<RoutingDecision>(registry)
                    .serialize(settings.topics().routingDecisions(), decision), decision.getTimestamp());
        } else {
            RoutingOutcome outcome = (RoutingOutcome) event;
            outcomes.pipeInput(outcome.getDecisionId(), new RegistryAvroSerializer<RoutingOutcome>(registry)
                    .serialize(settings.topics().routingOutcomes(), outcome), outcome.getTimestamp());
        }
    }
}
