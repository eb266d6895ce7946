package dev.modelperf.streams.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.routing.ensemble.EnsembleAdvice;
import dev.modelperf.routing.ensemble.EnsembleAdvisor;
import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.schemas.keys.ComparisonKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.comparison.RatingWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Already-valid comparisons through the ensemble part alone: fanned out to every category level,
 * folded per level and day, ranked by the history before each comparison, read back over a span.
 */
class EnsembleTopologyTest {

    private static final String SOURCE = "comparisons-valid";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Comparison> comparisons;
    private EnsembleReader reader;
    private int sent;

    @BeforeEach
    void start() {
        start(EnsembleSettings.defaults(), stateDir);
    }

    private void start(EnsembleSettings settings, Path dir) {
        Serde<Comparison> serde = AvroSerdes.specific(Comparison.getClassSchema(), registry);
        StreamsBuilder builder = new StreamsBuilder();
        EnsembleTopology.attach(builder.stream(SOURCE, Consumed.with(Serdes.String(), serde)), settings);
        Topology topology = builder.build();
        Properties properties = StreamsProperties.of(StreamsSettings.defaults().withStateDir(dir));
        driver = new TopologyTestDriver(topology, properties, NOW);
        comparisons = driver.createInputTopic(SOURCE, Serdes.String().serializer(), serde.serializer());
        reader = new EnsembleReader(() -> driver.getWindowStore(EnsembleStores.DAYS), settings.lowVariance());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String tenant, String category, Instant at, String winner, double... scores) {
        List<ComparisonEntry> entries = new ArrayList<>();
        String[] models = {"alpha", "beta", "gamma", "zeta"};
        for (int i = 0; i < scores.length; i++) {
            entries.add(ComparisonEntry.newBuilder().setModel(models[i]).setScore(scores[i]).setCostUsd(0.001 * (i + 1))
                    .setLatencyMs(100L * (i + 1)).build());
        }
        String id = "cmp-" + sent++;
        comparisons.pipeInput(new ComparisonKey(tenant, id).encode(), Comparison.newBuilder().setEventId(id).setTimestamp(at)
                .setTenant(tenant).setCategory(category).setEntries(entries).setWinner(winner).build(), at);
    }

    @Test
    void everyLevelOfTheCategoryGetsTheComparisonRankedByItsHistoryBefore() {
        for (int i = 0; i < 60; i++) {
            send("acme", "code/backend", NOW.minusSeconds(60L * (60 - i)), "zeta", 0.3, 0.4, 0.5, 0.9);
        }

        for (String level : List.of("code/backend", "code", "*")) {
            EnsembleState state = reader.read(new LevelKey("acme", level), RatingWindow.WEEK, NOW.toEpochMilli()).state();
            assertThat(state.comparisons()).as(level).isEqualTo(60);
            assertThat(state.asked(1)).as(level).isEqualTo(60);
            // The first comparison met an empty history, which ranks by name: alpha was asked alone and lost.
            assertThat(state.agreed(1)).as(level).isEqualTo(59);
            assertThat(state.models().get("zeta").wins()).isEqualTo(60);
        }
        EnsembleAdvice advice = EnsembleAdvisor.withTarget(0.9).advise(
                reader.read(new LevelKey("acme", "code"), RatingWindow.MONTH, NOW.toEpochMilli()).state());
        assertThat(advice.recommendedSize()).isEqualTo(1);
        assertThat(advice.models()).containsExactly("zeta");
        assertThat(advice.expectedCostUsd()).isCloseTo(0.004, within(1e-12));
        assertThat(reader.read(new LevelKey("acme", "writing"), RatingWindow.WEEK, NOW.toEpochMilli()).state().comparisons()).isZero();
        assertThat(reader.read(new LevelKey("other", "code"), RatingWindow.WEEK, NOW.toEpochMilli()).state().comparisons()).isZero();
    }

    /** ensemble.low.variance: best two scoring 0.9 and 0.6 (variance 0.0225) agree under 0.1, not under 0.01. */
    @Test
    void theLowVarianceSettingDecidesWhichPanelsCountAsAgreeing() {
        for (int i = 0; i < 10; i++) {
            send("acme", "code", NOW.minusSeconds(60L * (10 - i)), "alpha", 0.9, 0.6, 0.3);
        }
        LevelKey key = new LevelKey("acme", "code");
        EnsembleState lenient = reader.read(key, RatingWindow.WEEK, NOW.toEpochMilli()).state();
        driver.close();
        start(new EnsembleSettings(Duration.ofDays(92), 0.01, 0.9), stateDir.resolve("strict"));
        for (int i = 0; i < 10; i++) {
            send("acme", "code", NOW.minusSeconds(60L * (10 - i)), "alpha", 0.9, 0.6, 0.3);
        }
        EnsembleState strict = reader.read(key, RatingWindow.WEEK, NOW.toEpochMilli()).state();

        assertThat(lenient.asked(2)).isEqualTo(10);
        assertThat(lenient.lowVarianceAsked(2)).isEqualTo(10);
        assertThat(strict.asked(2)).isEqualTo(10);
        assertThat(strict.lowVarianceAsked(2)).isZero();
    }

    @Test
    void theHistoryKeepsRankingAcrossDaysWhileASpanReadsOnlyItsDays() {
        Instant tenDaysAgo = NOW.minus(Duration.ofDays(10));
        for (int i = 0; i < 5; i++) {
            send("acme", "code", tenDaysAgo.plusSeconds(i), "zeta", 0.1, 0.2, 0.3, 0.9);
        }
        send("acme", "code", NOW.minusSeconds(5), "zeta", 0.1, 0.2, 0.3, 0.9);

        LevelKey key = new LevelKey("acme", "code");
        EnsembleReader.Span week = reader.read(key, RatingWindow.WEEK, NOW.toEpochMilli());
        EnsembleReader.Span month = reader.read(key, RatingWindow.MONTH, NOW.toEpochMilli());

        assertThat(week.state().comparisons()).isEqualTo(1);
        assertThat(week.state().agreed(1)).as("zeta ranked first by the older days' history").isEqualTo(1);
        assertThat(month.state().comparisons()).isEqualTo(6);
        assertThat(month.state().agreed(1)).isEqualTo(5);
        assertThat(week.untilMs()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z").toEpochMilli());
        assertThat(week.fromMs()).as("today and the six days before, as the ratings' 7d").isEqualTo(Instant.parse("2026-11-17T00:00:00Z").toEpochMilli());
        KeyValueStore<String, EnsembleState> history = driver.getKeyValueStore(EnsembleStores.HISTORY);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, EnsembleState> all = history.all()) {
            all.forEachRemaining((KeyValue<String, EnsembleState> entry) -> keys.add(entry.key));
        }
        assertThat(keys).containsExactlyInAnyOrder("acme|code", "acme|*");
        assertThat(history.get("acme|*").comparisons()).isEqualTo(6);
    }

    /** The ratings' days: {@code 7d} on 2026-11-23 is 2026-11-17 00:00 to 2026-11-24 00:00, not a day more. */
    @Test
    void aWindowIsTodaySoFarAndTheDaysBeforeItAsForTheRatings() {
        send("acme", "code", Instant.parse("2026-11-16T23:59:59Z"), "zeta", 0.1, 0.2, 0.3, 0.9);
        send("acme", "code", Instant.parse("2026-11-17T00:00:00Z"), "zeta", 0.1, 0.2, 0.3, 0.9);
        send("acme", "code", NOW.minusSeconds(5), "zeta", 0.1, 0.2, 0.3, 0.9);
        LevelKey key = new LevelKey("acme", "code");

        assertThat(reader.read(key, RatingWindow.DAY, NOW.toEpochMilli()).state().comparisons()).isEqualTo(1);
        assertThat(reader.read(key, RatingWindow.WEEK, NOW.toEpochMilli()).state().comparisons()).isEqualTo(2);
        assertThat(reader.read(key, RatingWindow.MONTH, NOW.toEpochMilli()).state().comparisons()).isEqualTo(3);
        for (RatingWindow window : RatingWindow.values()) {
            EnsembleReader.Span span = reader.read(key, window, NOW.toEpochMilli());
            assertThat(Instant.ofEpochMilli(span.fromMs())).as(window.label())
                    .isEqualTo(Instant.parse("2026-11-23T00:00:00Z").minus(Duration.ofDays(window.days() - 1)));
            assertThat(Instant.ofEpochMilli(span.untilMs())).as(window.label()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        }
    }
}
