package dev.modelperf.streams.aggregate;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.QueryableStores;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import dev.modelperf.streams.stores.StatsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Category roll-up and the minute → hour/day fold, with explicit wall-clock advance. */
class RollUpTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RegistryAvroSerializer<ModelCall> serializer = new RegistryAvroSerializer<>(registry);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private StreamsSettings settings;

    private void start(Instant wallClock, AggregateSettings aggregate) {
        settings = StreamsSettings.defaults().withStateDir(stateDir).withAggregate(aggregate);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), wallClock);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(ModelCall call) {
        calls.pipeInput(new CallKey(call.getTenant(), call.getModel()).encode(),
                serializer.serialize(settings.topics().calls(), call), call.getTimestamp());
    }

    private CallStats stats(Resolution resolution, String category, String model, Instant at) {
        ReadOnlyWindowStore<String, CallStats> store = driver.getWindowStore(resolution.storeName());
        return store.fetch(new StatsKey("acme", category, model).encode(), resolution.windowStart(at.toEpochMilli()));
    }

    private StatsReader reader() {
        return new StatsReader(new StatsReader.Stores() {
            @Override
            public ReadOnlyWindowStore<String, CallStats> window(Resolution resolution) {
                return driver.getWindowStore(resolution.storeName());
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> foldProgress() {
                return driver.getKeyValueStore(QueryableStores.FOLD_PROGRESS);
            }
        }, settings.aggregate().minuteRetention(), settings.aggregate().hourRetention());
    }

    @Test
    void everyCallCountsAtEveryLevelOfItsPathOnceMinutesAreFolded() {
        Instant now = START.plus(Duration.ofHours(10)).plusSeconds(5);
        start(now, AggregateSettings.defaults());
        send(call("m1", "code/backend/api", 100, CallStatus.OK, now).build());
        send(call("m1", "code/backend/db", 200, CallStatus.OK, now).build());
        send(call("m1", "code/frontend", 300, CallStatus.TIMEOUT, now).build());
        send(call("m1", "writing", 400, CallStatus.OK, now).build());
        send(call("m2", "code/backend/api", 500, CallStatus.OK, now).build());

        assertThat(stats(Resolution.MINUTE, "code/backend/api", "m1", now).count()).isEqualTo(1);
        assertThat(stats(Resolution.MINUTE, "code", "m1", now)).as("minutes keep leaf categories only").isNull();
        assertThat(stats(Resolution.HOUR, "code", "m1", now)).as("not folded before the fold delay").isNull();

        driver.advanceWallClockTime(Duration.ofMinutes(3));

        Map<String, Long> expectedM1 = Map.of("code/backend/api", 1L, "code/backend/db", 1L, "code/backend", 2L,
                "code/frontend", 1L, "code", 3L, "writing", 1L, "*", 4L);
        for (Resolution resolution : new Resolution[] {Resolution.HOUR, Resolution.DAY}) {
            expectedM1.forEach((level, count) ->
                    assertThat(stats(resolution, level, "m1", now).count()).as(resolution + " " + level).isEqualTo(count));
            assertThat(stats(resolution, "code", "m2", now).count()).isEqualTo(1);
            assertThat(stats(resolution, "code", "m1", now).successes()).isEqualTo(2);
            assertThat(stats(resolution, "code", "m1", now).failuresByStatus()).containsExactly(Map.entry(CallStatus.TIMEOUT, 1L));
        }

        send(call("m1", "code/backend/api", 100, CallStatus.OK, now).build());
        assertThat(stats(Resolution.HOUR, "code", "m1", now).count()).as("a late call updates hours directly").isEqualTo(4);
        assertThat(stats(Resolution.DAY, "*", "m1", now).count()).isEqualTo(5);

        driver.advanceWallClockTime(Duration.ofMinutes(3));
        assertThat(stats(Resolution.HOUR, "code", "m1", now).count()).as("and is never folded twice").isEqualTo(4);
    }

    @Test
    void sixtyCategoriesRollUpToTheirTopLevelsAndToAll() {
        Instant now = START.plus(Duration.ofHours(3));
        start(now, AggregateSettings.defaults());
        for (int top = 0; top < 12; top++) {
            for (int leaf = 0; leaf < 5; leaf++) {
                send(call("m1", "area" + top + "/topic" + leaf + "/detail", 100, CallStatus.OK, now).build());
            }
        }
        driver.advanceWallClockTime(Duration.ofMinutes(3));

        assertThat(stats(Resolution.DAY, "*", "m1", now).count()).isEqualTo(60);
        for (int top = 0; top < 12; top++) {
            assertThat(stats(Resolution.DAY, "area" + top, "m1", now).count()).isEqualTo(5);
            assertThat(stats(Resolution.HOUR, "area" + top + "/topic4", "m1", now).count()).isEqualTo(1);
        }
        Map<String, Long> levels = new TreeMap<>();
        reader().scan("acme", now.toEpochMilli() - 60_000, now.plusSeconds(180).toEpochMilli(), Resolution.DAY,
                (key, resolution, start, stats) -> levels.merge(key.category(), stats.count(), Long::sum));
        assertThat(levels).hasSize(1 + 12 + 60 + 60);
    }

    @Test
    void aSevenDaySpanEqualsTheSumOfItsDaysAndCountsEachCallOnce() {
        Instant end = START.plus(Duration.ofDays(7));
        start(end.plusSeconds(600), AggregateSettings.defaults().withMinuteRetention(Duration.ofDays(8)));
        SplittableRandom random = new SplittableRandom(3);
        Map<Long, Long> expectedPerDay = new TreeMap<>();
        int total = 0;
        for (Instant at = START.plusSeconds(90); at.isBefore(end); at = at.plusSeconds(1_800 + random.nextInt(3_600))) {
            send(call(random.nextBoolean() ? "m1" : "m2", "code/backend", 50 + random.nextInt(950), CallStatus.OK, at).build());
            expectedPerDay.merge(Resolution.DAY.windowStart(at.toEpochMilli()), 1L, Long::sum);
            total++;
        }
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        long now = end.plusSeconds(600).toEpochMilli();

        StatsReader reader = reader();
        Map<Long, Long> perDay = new TreeMap<>();
        CallStats days = new CallStats();
        reader.scan("acme", START.toEpochMilli(), now, Resolution.DAY, (key, resolution, windowStart, stats) -> {
            if (key.category().equals("*")) {
                perDay.merge(Resolution.DAY.windowStart(windowStart), stats.count(), Long::sum);
                days.merge(stats);
            }
        });
        assertThat(perDay).isEqualTo(expectedPerDay);
        assertThat(days.count()).isEqualTo(total);

        CallStats hours = new CallStats();
        reader.scan("acme", START.toEpochMilli(), now, Resolution.HOUR, (key, resolution, windowStart, stats) -> {
            assertThat(resolution).isNotEqualTo(Resolution.DAY);
            if (key.category().equals("code")) {
                hours.merge(stats);
            }
        });
        assertThat(hours.count()).isEqualTo(total);
        assertThat(hours.latencyQuantileMs(0.5)).isCloseTo(days.latencyQuantileMs(0.5), within(1e-9));
    }
}
