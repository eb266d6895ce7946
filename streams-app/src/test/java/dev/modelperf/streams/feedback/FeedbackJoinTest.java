package dev.modelperf.streams.feedback;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.CallStats.Criterion;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.validate.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback joined to its call in order, out of order, for an unknown call, and bad feedback. */
class FeedbackJoinTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestInputTopic<String, byte[]> feedback;
    private TestOutputTopic<String, byte[]> dlq;
    private StreamsSettings settings;

    @BeforeEach
    void start() {
        settings = StreamsSettings.defaults().withStateDir(stateDir)
                .withFeedback(new FeedbackSettings(FeedbackSettings.defaults().callIndexRetention(), Duration.ofMinutes(10)));
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), NOW);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        feedback = driver.createInputTopic(settings.topics().feedback(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private ModelCall send(ModelCall call) {
        calls.pipeInput(new CallKey(call.getTenant(), call.getModel()).encode(),
                new RegistryAvroSerializer<ModelCall>(registry).serialize(settings.topics().calls(), call), call.getTimestamp());
        return call;
    }

    private Feedback.Builder judge(String callEventId) {
        return Feedback.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(NOW).setTenant("acme")
                .setCallEventId(callEventId);
    }

    private void send(Feedback judgement) {
        feedback.pipeInput("acme|" + judgement.getCallEventId(),
                new RegistryAvroSerializer<Feedback>(registry).serialize(settings.topics().feedback(), judgement), NOW);
    }

    private CallStats minute(String category, String model) {
        ReadOnlyWindowStore<String, CallStats> store = driver.getWindowStore(Resolution.MINUTE.storeName());
        return store.fetch(new StatsKey("acme", category, model).encode(), Resolution.MINUTE.windowStart(NOW.toEpochMilli()));
    }

    @Test
    void feedbackAfterItsCallCountsOnTheCallsAggregate() {
        ModelCall call = send(call("m1", "code/backend", 100, CallStatus.OK, NOW).build());
        send(judge(call.getEventId()).setRating(1).setOverall(5).setAccuracy(4).setHelpful(true).setImplemented(false).build());
        send(judge(call.getEventId()).setRating(-1).setOverall(3).build());

        CallStats stats = minute("code/backend", "m1");
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.feedbackCount()).isEqualTo(2);
        assertThat(stats.thumbsUp()).isEqualTo(1);
        assertThat(stats.thumbsDown()).isEqualTo(1);
        assertThat(stats.meanScore(Criterion.OVERALL)).isEqualTo(4.0);
        assertThat(stats.meanScore(Criterion.ACCURACY)).isEqualTo(4.0);
        assertThat(stats.helpfulYes()).isEqualTo(1);
        assertThat(stats.implementedAnswers()).isEqualTo(1);
        assertThat(stats.implementedYes()).isZero();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void feedbackBeforeItsCallWaitsForIt() {
        ModelCall call = call("m1", "code", 100, CallStatus.OK, NOW).build();
        send(judge(call.getEventId()).setRating(1).build());
        assertThat(minute("code", "m1")).isNull();

        driver.advanceWallClockTime(Duration.ofMinutes(5));
        send(call);

        assertThat(minute("code", "m1").feedbackCount()).isEqualTo(1);
        assertThat(minute("code", "m1").thumbsUp()).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(dlq.isEmpty()).as("released feedback never expires").isTrue();
    }

    @Test
    void feedbackForACallNeverSeenGoesToTheDlqAfterTheHoldTime() {
        Feedback orphan = judge("no-such-call").setRating(-1).build();
        send(orphan);
        driver.advanceWallClockTime(Duration.ofMinutes(9));
        assertThat(dlq.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).hasSize(1);
        assertThat(header(rejected.get(0), DlqHeaders.REASON))
                .isEqualTo("call not found: no call with eventId no-such-call arrived within PT10M of this feedback");
        assertThat(header(rejected.get(0), DlqHeaders.SOURCE_TOPIC)).isEqualTo(settings.topics().feedback());
        assertThat(rejected.get(0).key()).isEqualTo("acme|no-such-call");
        Feedback back = new RegistryAvroDeserializer<Feedback>(registry, Feedback.getClassSchema())
                .deserialize(settings.topics().feedback(), rejected.get(0).value());
        assertThat(back).isEqualTo(orphan);
    }

    @Test
    void feedbackForACallOfAnotherTenantGoesToTheDlqNamingWhereItWasSent() {
        ModelCall call = send(call("m1", "code", 100, CallStatus.OK, NOW).build());
        send(judge(call.getEventId()).setRating(1).build());
        Feedback stranger = judge(call.getEventId()).setTenant("default").setRating(-1).build();
        feedback.pipeInput("default|" + call.getEventId(),
                new RegistryAvroSerializer<Feedback>(registry).serialize(settings.topics().feedback(), stranger), NOW);

        driver.advanceWallClockTime(Duration.ofMinutes(11));

        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).key()).isEqualTo("default|" + call.getEventId());
        assertThat(header(rejected.get(0), DlqHeaders.REASON)).isEqualTo("call not found: no call with eventId "
                + call.getEventId() + " arrived within PT10M of this feedback");
        assertThat(header(rejected.get(0), DlqHeaders.SOURCE_TOPIC)).isEqualTo(settings.topics().feedback());
        assertThat(header(rejected.get(0), DlqHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(rejected.get(0), DlqHeaders.SOURCE_OFFSET)).as("the second record on the feedback topic").isEqualTo("1");
        assertThat(minute("code", "m1").feedbackCount()).as("only the feedback of the call's own tenant counts").isEqualTo(1);
    }

    @Test
    void feedbackNamingItsModelAndCategoryNeverWaits() {
        send(call("m9", "writing", 100, CallStatus.OK, NOW).build());
        send(judge("unseen").setModel("m9").setCategory("writing").setRating(1).build());
        assertThat(minute("writing", "m9").feedbackCount()).isEqualTo(1);
        assertThat(minute("writing", "m9").count()).as("feedback is not a call: only the one call counts").isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void badFeedbackGoesToTheDlqWithTheReason() {
        send(judge("c1").setRating(3).setOverall(9).build());
        feedback.pipeInput("acme|c2", new byte[] {7, 7}, NOW);

        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).extracting(r -> header(r, DlqHeaders.REASON)).containsExactly(
                "invalid: rating: must be -1, 0 or 1 (was 3); overall: must be between 1 and 5 (was 9)",
                "cannot deserialize: Record on topic modelperf.feedback.v1 is 2 bytes, shorter than the 5-byte registry wire-format header");
        assertThat(rejected).extracting(r -> header(r, DlqHeaders.SOURCE_TOPIC)).containsOnly("modelperf.feedback.v1");
    }

    private static String header(TestRecord<String, byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
