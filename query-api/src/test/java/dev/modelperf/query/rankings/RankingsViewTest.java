package dev.modelperf.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.RoutingDefaults;
import dev.modelperf.routing.Scoring;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.QueryableStores;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready-made view over the real topology's stores (test driver), refreshed by hand. */
class RankingsViewTest {

    private static final Instant NOW = Instant.parse("2026-11-02T10:30:20Z");
    private static final List<String> LEVELS = List.of("code/backend/api", "code/backend", "code", "*");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RegistryAvroSerializer<ModelCall> serializer = new RegistryAvroSerializer<>(registry);
    private final AtomicReference<Instant> clockNow = new AtomicReference<>(NOW);
    private final AtomicReference<Optional<Set<Integer>>> assignment = new AtomicReference<>(Optional.of(Set.of(0)));
    /** When set, the assignment becomes this right after the next time it is read: a rebalance mid-refresh. */
    private final AtomicReference<Set<Integer>> movesAfterFirstLook = new AtomicReference<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private ModelPerfSettings settings;
    private RankingsView view;

    @BeforeEach
    void start() {
        settings = ModelPerfSettings.withOverrides(Map.of("state.dir", stateDir.toString()));
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings.streams(), registry),
                StreamsProperties.of(settings.streams()), NOW);
        calls = driver.createInputTopic(settings.streams().topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        StatsReader reader = new StatsReader(new StatsReader.Stores() {
            @Override
            public ReadOnlyWindowStore<String, CallStats> window(Resolution resolution) {
                return driver.getWindowStore(resolution.storeName());
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> foldProgress() {
                return driver.getKeyValueStore(QueryableStores.FOLD_PROGRESS);
            }
        }, settings.streams().aggregate().minuteRetention(), settings.streams().aggregate().hourRetention());
        view = new RankingsView(reader, () -> {
            Optional<Set<Integer>> current = assignment.get();
            Set<Integer> moved = movesAfterFirstLook.getAndSet(null);
            if (moved != null) {
                assignment.set(Optional.of(moved));
            }
            return current;
        }, new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clockNow.get();
            }
        }, Duration.ofSeconds(1), settings.query().halfLife());
    }

    @AfterEach
    void stop() {
        view.close();
        driver.close();
    }

    @Test
    void nothingIsServedBeforeTheFirstBuild() {
        assertThat(view.slice("acme", RankingWindow.HOUR, LEVELS)).isEmpty();
        assignment.set(Optional.empty());
        view.refresh();
        assertThat(view.slice("acme", RankingWindow.HOUR, LEVELS)).as("not RUNNING: no snapshot").isEmpty();
    }

    @Test
    void aSnapshotTooOldToBeTheStateOfTheModelsIsNotServed() {
        send("m1", NOW);
        view.refresh();
        assignment.set(Optional.empty());
        clockNow.set(NOW.plus(view.staleAfter()));
        view.refresh();
        assertThat(view.slice("acme", RankingWindow.HOUR, LEVELS)).as("as old as allowed").isPresent();
        clockNow.set(NOW.plus(view.staleAfter()).plusMillis(1));
        assertThat(view.slice("acme", RankingWindow.HOUR, LEVELS)).as("older").isEmpty();
    }

    @Test
    void everyWindowCountsEveryCallAtEveryLevel() {
        for (int i = 0; i < 6; i++) {
            send("m1", NOW.minusSeconds(i));
        }
        send("m2", NOW.minus(Duration.ofMinutes(20)));
        send("m2", NOW.minus(Duration.ofHours(3)));
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        view.refresh();

        RankingsView.Slice hour = view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow();
        assertThat(hour.partitions()).containsExactly(0);
        for (String level : LEVELS) {
            assertThat(counts(hour, level)).as(level).isEqualTo(Map.of("m1", 6L, "m2", 1L));
        }
        assertThat(counts(view.slice("acme", RankingWindow.DAY, LEVELS).orElseThrow(), "code")).isEqualTo(Map.of("m1", 6L, "m2", 2L));
        assertThat(counts(view.slice("acme", RankingWindow.MONTH, LEVELS).orElseThrow(), "*")).isEqualTo(Map.of("m1", 6L, "m2", 2L));
        assertThat(view.slice("other", RankingWindow.HOUR, LEVELS).orElseThrow().byCategory().get("*")).isEmpty();
    }

    @Test
    void recentCallsShowAtTheNextRefreshAndLateOnesAtTheNextRebuild() {
        send("m1", NOW);
        view.refresh();
        assertThat(counts(view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow(), "code")).isEqualTo(Map.of("m1", 1L));

        send("m1", NOW.minusSeconds(240));
        send("m2", NOW.minus(Duration.ofMinutes(40)));
        clockNow.set(NOW.plusMillis(100));
        view.refresh();
        assertThat(counts(view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow(), "code"))
                .as("within the live minutes at once; 40 minutes late waits for the next full read")
                .isEqualTo(Map.of("m1", 2L));

        clockNow.set(NOW.plusSeconds(RankingsView.REBUILD_MIN_SECONDS - 1));
        view.refresh();
        assertThat(counts(view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow(), "code")).isEqualTo(Map.of("m1", 2L));

        clockNow.set(NOW.plusSeconds(RankingsView.REBUILD_MIN_SECONDS));
        view.refresh();
        assertThat(counts(view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow(), "code")).isEqualTo(Map.of("m1", 2L, "m2", 1L));
    }

    @Test
    void aSnapshotBuiltWhilePartitionsMoveIsNotServed() {
        send("m1", NOW);
        view.refresh();
        RankingsView.Slice before = view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow();

        send("m1", NOW);
        Set<Integer> moved = Set.of(0, 1);
        movesAfterFirstLook.set(moved);
        clockNow.set(NOW.plusSeconds(5));
        view.refresh();
        assertThat(view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow())
                .as("the assignment changed during the refresh: the old snapshot stays").isEqualTo(before);

        clockNow.set(NOW.plusSeconds(6));
        view.refresh();
        RankingsView.Slice after = view.slice("acme", RankingWindow.HOUR, LEVELS).orElseThrow();
        assertThat(after.partitions()).as("rebuilt for the new assignment").isEqualTo(moved);
        assertThat(counts(after, "code")).isEqualTo(Map.of("m1", 2L));
    }

    @Test
    void aModelBackFromAnOutageHoursAgoRanksFirstAgain() {
        // "recovered": an outage 8 h ago (4 half-lives), every call fine in the last half hour.
        // "steady": 90 % all along. Over the day, recovered has 50 % success and steady 90 %.
        Instant outage = NOW.minus(Duration.ofHours(8));
        for (int i = 0; i < 100; i++) {
            send("recovered", outage.plusSeconds(i), CallStatus.SERVER_ERROR);
            send("steady", outage.plusSeconds(i), i % 10 == 0 ? CallStatus.SERVER_ERROR : CallStatus.OK);
        }
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        for (int i = 0; i < 100; i++) {
            Instant at = NOW.minus(Duration.ofMinutes(30)).plusSeconds(i);
            send("recovered", at, CallStatus.OK);
            send("steady", at, i % 10 == 0 ? CallStatus.SERVER_ERROR : CallStatus.OK);
        }
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        view.refresh();

        RankingsView.Slice day = view.slice("acme", RankingWindow.DAY, LEVELS).orElseThrow();
        Map<String, ModelFigures> figures = day.byCategory().get("code/backend/api").stream()
                .collect(Collectors.toMap(ModelFigures::model, f -> f));
        assertThat(figures.get("recovered").calls()).isEqualTo(200);
        assertThat(figures.get("recovered").successes()).isEqualTo(100);
        assertThat(figures.get("steady").successes()).isEqualTo(180);
        long halfLife = settings.query().halfLife().toMillis();
        assertThat(figures.get("recovered").evidence().calls())
                .as("ages count back from the model's newest call: the last half hour weighs 1, the outage 7.5 h before it 0.07")
                .isCloseTo(100 + 100 * Evidence.weight(Duration.ofMinutes(450).toMillis(), halfLife), within(2.0));

        driver.advanceWallClockTime(Duration.ofMinutes(20));
        view.refresh();
        RankingsView.Slice later = view.slice("acme", RankingWindow.DAY, LEVELS).orElseThrow();
        assertThat(later.byCategory().get("code/backend/api")).as("no new call, the same figures whatever the clock")
                .isEqualTo(day.byCategory().get("code/backend/api"));

        Ranker ranker = new Ranker(new Scoring(5), new PooledEstimator(settings.query().priorStrength()));
        RankingsQuery rankings = new RankingsQuery(null, null, ranker, RoutingDefaults.load(null));
        FiguresGatherer.Gathered gathered = new FiguresGatherer.Gathered(day.byCategory(), day.asOfMs(), 1);
        for (Priority priority : Priority.values()) {
            Rankings ranked = rankings.answer("acme", "code/backend/api", RankingWindow.DAY, Ranker.Decision.best(priority),
                    gathered, Map.of());
            assertThat(ranked.models()).as("%s", priority).extracting(RankedModel::model).containsExactly("recovered", "steady");
            assertThat(ranked.models().get(0).estimates().successRate().mean()).as("%s", priority).isGreaterThan(0.9);
        }
    }

    private static Map<String, Long> counts(RankingsView.Slice slice, String level) {
        return slice.byCategory().get(level).stream().collect(Collectors.toMap(ModelFigures::model, ModelFigures::calls));
    }

    private void send(String model, Instant at) {
        send(model, at, CallStatus.OK);
    }

    private void send(String model, Instant at, CallStatus status) {
        ModelCall call = ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(at)
                .setTenant("acme")
                .setModel(model)
                .setProvider("test")
                .setCategory("code/backend/api")
                .setLatencyMs(200)
                .setInputTokens(100)
                .setOutputTokens(50)
                .setStatus(status)
                .build();
        calls.pipeInput(new CallKey("acme", model).encode(), serializer.serialize(settings.streams().topics().calls(), call), at);
    }
}
