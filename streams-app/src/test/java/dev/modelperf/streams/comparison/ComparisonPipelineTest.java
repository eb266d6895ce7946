package dev.modelperf.streams.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.routing.rating.EloScale;
import dev.modelperf.routing.rating.ModelRating;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.validate.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comparisons validated, counted once, rolled up every category level and fitted into ratings per window. */
class ComparisonPipelineTest {

    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    private static final long TODAY = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private StreamsSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> comparisons;
    private TestOutputTopic<String, byte[]> dlq;
    private KeyValueStore<String, LevelRatings> ratings;
    private int sequence;

    @BeforeEach
    void start() {
        settings = StreamsSettings.defaults().withStateDir(stateDir);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), NOW);
        comparisons = driver.createInputTopic(settings.topics().comparisons(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        ratings = driver.getKeyValueStore(RatingStores.RATINGS);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void ratingsRollUpEveryLevelOfTheCategoryAndRankByTheWinsRecord() {
        for (int i = 0; i < 6; i++) {
            send(comparison("acme", "code/backend", NOW, "strong", "strong", "middle", "weak"));
            send(comparison("acme", "code/backend", NOW, "middle", "middle", "weak"));
        }
        send(comparison("acme", "code/backend", NOW, "weak", "middle", "weak"));
        send(comparison("acme", "writing", NOW, "poet", "poet", "weak"));

        refresh();

        for (String level : List.of("code/backend", "code")) {
            LevelRatings.WindowRatings week = ratings.get(RatingStores.key("acme", level)).window(RatingWindow.WEEK);
            assertThat(week.ratings()).extracting(ModelRating::model).containsExactly("strong", "middle", "weak");
            assertThat(week.comparisons()).isEqualTo(13);
            assertThat(week.results()).isEqualTo(6 * 2 + 6 + 1);
            assertThat(week.fromMs()).isEqualTo(TODAY - Duration.ofDays(6).toMillis());
            ModelRating middle = week.ratings().get(1);
            assertThat(middle.wins()).isEqualTo(6);
            assertThat(middle.losses()).isEqualTo(7);
            assertThat(middle.comparisons()).isEqualTo(13);
            assertThat(week.ratings().stream().mapToDouble(rating -> rating.rating(EloScale.ARENA)).average().orElseThrow())
                    .isCloseTo(1000, org.assertj.core.api.Assertions.within(1e-6));
        }
        LevelRatings all = ratings.get(RatingStores.key("acme", "*"));
        assertThat(all.window(RatingWindow.DAY).ratings()).extracting(ModelRating::model).contains("poet", "strong");
        assertThat(all.window(RatingWindow.DAY).comparisons()).isEqualTo(14);
        assertThat(all.asOfMs()).isEqualTo(NOW.plus(settings.ratings().refreshInterval()).toEpochMilli());
        assertThat(ratings.get(RatingStores.key("acme", "writing")).window(RatingWindow.QUARTER).ratings())
                .extracting(ModelRating::model).containsExactly("poet", "weak");
        assertThat(ratings.get(RatingStores.key("other", "*"))).isNull();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aComparisonSentTwiceCountsOnce() {
        Comparison once = comparison("acme", "code", NOW, "a", "a", "b");
        send(once);
        send(once);

        refresh();

        assertThat(ratings.get(RatingStores.key("acme", "code")).window(RatingWindow.DAY).comparisons()).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void windowsHoldTheirDaysAndMoveWhenTheDayTurns() {
        send(comparison("acme", "code", NOW.minus(Duration.ofDays(6)), "a", "a", "b"));
        send(comparison("acme", "code", NOW.minus(Duration.ofDays(20)), "b", "a", "b"));
        refresh();

        LevelRatings level = ratings.get(RatingStores.key("acme", "code"));
        assertThat(level.window(RatingWindow.DAY).ratings()).isEmpty();
        assertThat(level.window(RatingWindow.WEEK).comparisons()).isEqualTo(1);
        assertThat(level.window(RatingWindow.MONTH).comparisons()).isEqualTo(2);
        assertThat(level.window(RatingWindow.MONTH).ratings()).extracting(ModelRating::wins).containsExactly(1.0, 1.0);

        driver.advanceWallClockTime(Duration.ofDays(1));

        LevelRatings tomorrow = ratings.get(RatingStores.key("acme", "code"));
        assertThat(tomorrow.dayMs()).isEqualTo(TODAY + RatingWindow.DAY_MS);
        assertThat(tomorrow.window(RatingWindow.WEEK).ratings()).isEmpty();
        assertThat(tomorrow.window(RatingWindow.MONTH).comparisons()).isEqualTo(2);
    }

    @Test
    void badComparisonsGoToTheDlqWithTheirReason() {
        Comparison oneModel = comparison("acme", "code", NOW, null, "a");
        send(oneModel);
        Comparison tooOld = comparison("acme", "code", NOW.minus(Duration.ofDays(91)), "a", "a", "b");
        send(tooOld);
        Comparison wrongKey = comparison("acme", "code", NOW, "a", "a", "b");
        comparisons.pipeInput("acme|someone-else", serialize(wrongKey), NOW);
        comparisons.pipeInput("acme|garbage", "not avro".getBytes(StandardCharsets.UTF_8), NOW);

        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();

        assertThat(rejected).extracting(record -> reason(record)).satisfiesExactly(
                reason -> assertThat(reason).contains("entries").contains("2 to 16"),
                reason -> assertThat(reason).contains("timestamp").contains("90d"),
                reason -> assertThat(reason).contains("key must be tenant|eventId").contains("acme|someone-else"),
                reason -> assertThat(reason).startsWith("cannot deserialize"));
        assertThat(rejected.get(0).headers().lastHeader(DlqHeaders.SOURCE_TOPIC).value())
                .isEqualTo(settings.topics().comparisons().getBytes(StandardCharsets.UTF_8));
        refresh();
        assertThat(ratings.approximateNumEntries()).isZero();
    }

    /** What other features read: the validated comparisons, each once, keyed as on the topic. */
    @Test
    void attachReturnsTheValidatedComparisonsEachOnceKeyedAsOnTheTopic() {
        driver.close();
        StreamsBuilder builder = new StreamsBuilder();
        ComparisonTopology.attach(builder, settings, registry, RegistryPatience.NONE)
                .to("accepted", Produced.with(Serdes.String(), AvroSerdes.<Comparison>specific(Comparison.getClassSchema(), registry)));
        driver = new TopologyTestDriver(builder.build(), StreamsProperties.of(settings), NOW);
        comparisons = driver.createInputTopic(settings.topics().comparisons(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        TestOutputTopic<String, Comparison> accepted = driver.createOutputTopic("accepted", Serdes.String().deserializer(),
                AvroSerdes.<Comparison>specific(Comparison.getClassSchema(), registry).deserializer());

        Comparison good = comparison("acme", "code", NOW, "a", "a", "b");
        send(good);
        send(good);
        send(comparison("acme", "code", NOW, null, "a"));

        List<TestRecord<String, Comparison>> records = accepted.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("acme|" + good.getEventId());
        assertThat(records.get(0).value()).isEqualTo(good);
    }

    private void refresh() {
        driver.advanceWallClockTime(settings.ratings().refreshInterval());
    }

    private void send(Comparison comparison) {
        comparisons.pipeInput(comparison.getTenant() + "|" + comparison.getEventId(), serialize(comparison), comparison.getTimestamp());
    }

    private byte[] serialize(Comparison comparison) {
        return new RegistryAvroSerializer<Comparison>(registry).serialize(settings.topics().comparisons(), comparison);
    }

    private static String reason(TestRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(DlqHeaders.REASON).value(), StandardCharsets.UTF_8);
    }

    private Comparison comparison(String tenant, String category, Instant at, String winner, String... models) {
        return Comparison.newBuilder().setEventId("c" + sequence++).setTenant(tenant).setCategory(category).setTimestamp(at)
                .setEntries(Arrays.stream(models).map(model -> ComparisonEntry.newBuilder().setModel(model).build()).toList())
                .setWinner(winner).build();
    }
}
