package dev.modelperf.query.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.query.ingest.EventJson;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.validate.DlqHeaders;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export endpoint in the real process on the real broker: what the client sent comes back
 * exactly (every field, every event once), joined per call, without what lies outside the range,
 * belongs to another tenant or went to the DLQ; a cursor taken midway yields the rest and nothing
 * twice; bad parameters are 400s naming them.
 */
class ExportIT {

    private static final String TENANT = "exp";

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void exportsExactlyWhatWasSentJoinedPerCallAndResumesWithoutDuplicates() throws Exception {
        try (LocalStack stack = LocalStack.start();
             ModelPerfProcess process = TestServers.start(stack, TestServers.settings(stack, "export-it-" + UUID.randomUUID(), stateDir))) {
            String api = TestServers.api(process);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant since = now.minus(Duration.ofMinutes(30));
            Instant until = now.minus(Duration.ofMinutes(10));

            List<ModelCall> calls = new ArrayList<>();
            List<Feedback> feedback = new ArrayList<>();
            List<Judgment> judgments = new ArrayList<>();
            List<Comparison> comparisons = new ArrayList<>();
            ModelCall outside;
            try (ModelPerfClient client = client(stack, TENANT); ModelPerfClient other = client(stack, "someone-else")) {
                for (int i = 0; i < 30; i++) {
                    calls.add(call(TENANT, "call-" + i, since.plusSeconds(10L * i + 1), i));
                }
                outside = call(TENANT, "call-before-since", since.minusSeconds(60), 99);
                for (ModelCall call : calls) {
                    client.record(call);
                }
                client.record(outside);
                other.record(call("someone-else", "call-of-another-tenant", since.plusSeconds(5), 5));
                for (int i = 0; i < 10; i++) {
                    feedback.add(feedback("fb-" + i, "call-" + i, calls.get(i).getTimestamp().plusSeconds(30), i));
                }
                // Late: after until, within the grace; it must still join its call.
                feedback.add(feedback("fb-late", "call-1", now.minusSeconds(60), 7));
                feedback.add(feedback("fb-outside", "call-before-since", since.minusSeconds(30), 3));
                feedback.forEach(client::feedback);
                for (int i = 0; i < 5; i++) {
                    judgments.add(judgment("jd-" + i, "call-" + i, calls.get(i).getTimestamp().plusSeconds(40), i));
                }
                judgments.forEach(client::recordJudgment);
                for (int i = 0; i < 3; i++) {
                    comparisons.add(comparison("cmp-" + i, since.plusSeconds(100L + i), i));
                }
                Comparison comparisonOutside = comparison("cmp-after-until", until.plusSeconds(5), 9);
                comparisons.forEach(client::recordComparison);
                client.recordComparison(comparisonOutside);
                client.flush();
            }
            // Decodes and is in range, but sits on a key other than tenant|model: the pipeline sends it to the DLQ.
            String dlqEventId = "call-on-wrong-key";
            try (KafkaProducer<String, ModelCall> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(),
                    AvroSerdes.<ModelCall>specific(ModelCall.getClassSchema(),
                            new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl()))).serializer())) {
                ModelCall wrongKey = call(TENANT, dlqEventId, since.plusSeconds(200), 3);
                producer.send(new ProducerRecord<>(Topics.DEFAULT.calls(), null, wrongKey.getTimestamp().toEpochMilli(),
                        TENANT + "|not-the-model", wrongKey)).get();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> dlqSources(stack).contains(Topics.DEFAULT.calls()));

            String range = "since=" + enc(since.toString()) + "&until=" + enc(until.toString()) + "&tenant=" + TENANT;
            HttpResponse<String> response = get(api + "/api/v1/export?" + range);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
            List<String> lines = response.body().lines().toList();
            JsonNode end = mapper.readTree(lines.get(lines.size() - 1));
            assertThat(end.get("kind").asText()).isEqualTo("end");
            assertThat(end.get("calls").asLong()).isEqualTo(30);
            assertThat(end.get("comparisons").asLong()).isEqualTo(3);
            assertThat(end.get("feedback").asLong()).isEqualTo(11);
            assertThat(end.get("judgments").asLong()).isEqualTo(5);
            assertThat(end.get("rejectedInDlq").asLong()).isEqualTo(1);
            List<JsonNode> data = new ArrayList<>();
            for (String line : lines.subList(0, lines.size() - 1)) {
                data.add(mapper.readTree(line));
            }
            assertThat(data).hasSize(33);

            // Calls: every field as sent (mapped back by the ingest mapper, which refuses unknown fields), each once.
            EventJson eventJson = new EventJson(StreamsSettings.defaults().validation(), Clock.systemUTC());
            Map<String, ModelCall> sentCalls = calls.stream().collect(Collectors.toMap(ModelCall::getEventId, call -> call));
            Map<String, Feedback> sentFeedback = feedback.stream().collect(Collectors.toMap(Feedback::getEventId, f -> f));
            Map<String, Judgment> sentJudgments = judgments.stream().collect(Collectors.toMap(Judgment::getEventId, j -> j));
            List<String> exportedCallIds = new ArrayList<>();
            for (JsonNode line : data.stream().filter(line -> line.get("kind").asText().equals("call")).toList()) {
                ObjectNode fields = line.deepCopy();
                fields.remove(List.of("kind", "partition", "offset", "feedback", "judgments"));
                EventJson.Mapped<ModelCall> mapped = eventJson.calls(List.of(fields));
                assertThat(mapped.errors()).isEmpty();
                ModelCall exported = mapped.events().get(0);
                exportedCallIds.add(exported.getEventId());
                assertThat(exported).isEqualTo(sentCalls.get(exported.getEventId()));
                List<Feedback> exportedFeedback = eventJson.feedback(toList(line.get("feedback"))).events();
                assertThat(exportedFeedback).containsExactlyElementsOf(feedback.stream()
                        .filter(f -> f.getCallEventId().equals(exported.getEventId())).toList());
                exportedFeedback.forEach(f -> assertThat(f).isEqualTo(sentFeedback.get(f.getEventId())));
                List<String> judgmentIds = new ArrayList<>();
                for (JsonNode judgment : line.get("judgments")) {
                    Judgment sent = sentJudgments.get(judgment.get("eventId").asText());
                    judgmentIds.add(sent.getEventId());
                    assertJudgment(judgment, sent);
                }
                assertThat(judgmentIds).containsExactlyElementsOf(judgments.stream()
                        .filter(j -> j.getCallEventId().equals(exported.getEventId())).map(Judgment::getEventId).toList());
            }
            assertThat(exportedCallIds).containsExactlyInAnyOrderElementsOf(sentCalls.keySet());
            assertThat(exportedCallIds).doesNotContain("call-before-since", "call-of-another-tenant", dlqEventId);

            List<JsonNode> comparisonLines = data.stream().filter(line -> line.get("kind").asText().equals("comparison")).toList();
            assertThat(comparisonLines).extracting(line -> line.get("eventId").asText()).containsExactly("cmp-0", "cmp-1", "cmp-2");
            for (JsonNode line : comparisonLines) {
                assertComparison(line, comparisons.get(Integer.parseInt(line.get("eventId").asText().substring(4))));
            }

            // Cut after the 12th line: the cursor of what was received yields exactly the rest.
            int cut = 12;
            Map<String, Long> cursor = new LinkedHashMap<>();
            for (JsonNode line : data.subList(0, cut)) {
                cursor.put(line.get("kind").asText() + ":" + line.get("partition").asInt(), line.get("offset").asLong());
            }
            String cursorParameter = cursor.entrySet().stream().map(entry -> entry.getKey() + ":" + entry.getValue())
                    .collect(Collectors.joining(","));
            HttpResponse<String> resumed = get(api + "/api/v1/export?" + range + "&cursor=" + enc(cursorParameter));
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
            List<String> rest = resumed.body().lines().toList();
            List<String> joined = new ArrayList<>(lines.subList(0, cut));
            joined.addAll(rest.subList(0, rest.size() - 1));
            assertThat(joined).containsExactlyElementsOf(lines.subList(0, lines.size() - 1));

            // The Avro file: every event equal, as a whole record, to what was sent.
            HttpResponse<byte[]> avro = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/export?" + range + "&format=avro"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(avro.statusCode()).isEqualTo(200);
            List<ModelCall> avroCalls = new ArrayList<>();
            List<Feedback> avroFeedback = new ArrayList<>();
            List<Judgment> avroJudgments = new ArrayList<>();
            List<Comparison> avroComparisons = new ArrayList<>();
            String lastKind = null;
            try (DataFileStream<GenericRecord> file = new DataFileStream<>(new ByteArrayInputStream(avro.body()),
                    new SpecificDatumReader<>(ExportAvro.LINE))) {
                for (GenericRecord record : file) {
                    lastKind = record.get("kind").toString();
                    if (record.get("call") != null) {
                        avroCalls.add((ModelCall) record.get("call"));
                        ((List<?>) record.get("feedback")).forEach(f -> avroFeedback.add((Feedback) f));
                        ((List<?>) record.get("judgments")).forEach(j -> avroJudgments.add((Judgment) j));
                    }
                    if (record.get("comparison") != null) {
                        avroComparisons.add((Comparison) record.get("comparison"));
                    }
                }
            }
            assertThat(lastKind).isEqualTo("end");
            assertThat(avroCalls).containsExactlyInAnyOrderElementsOf(calls);
            assertThat(avroFeedback).containsExactlyInAnyOrderElementsOf(feedback.stream()
                    .filter(f -> !f.getEventId().equals("fb-outside")).toList());
            assertThat(avroJudgments).containsExactlyInAnyOrderElementsOf(judgments);
            assertThat(avroComparisons).containsExactlyElementsOf(comparisons);

            // A shorter grace leaves the late feedback out, and says so by its count.
            JsonNode shortGrace = lastLine(get(api + "/api/v1/export?" + range + "&grace=1m").body());
            assertThat(shortGrace.get("feedback").asLong()).isEqualTo(10);

            assertBadRequest(api + "/api/v1/export?until=" + enc(until.toString()), "since");
            assertBadRequest(api + "/api/v1/export?since=yesterday", "since");
            assertBadRequest(api + "/api/v1/export?since=" + enc(until.toString()) + "&until=" + enc(since.toString()), "until");
            assertBadRequest(api + "/api/v1/export?" + range + "&kinds=calls,votes", "kinds");
            assertBadRequest(api + "/api/v1/export?" + range + "&kinds=feedback", "kinds");
            assertBadRequest(api + "/api/v1/export?" + range + "&format=parquet", "format");
            assertBadRequest(api + "/api/v1/export?" + range + "&cursor=call:0", "cursor");
            assertBadRequest(api + "/api/v1/export?" + range + "&cursor=call:99:5", "cursor");
            assertBadRequest(api + "/api/v1/export?" + range + "&grace=2w", "grace");
        }
    }

    private static ModelPerfClient client(LocalStack stack, String tenant) {
        return ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .schemaRegistry(new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl()))).tenant(tenant)
                .clientId("export-it-" + tenant).build();
    }

    /** A call with every field set, distinct per {@code i}. */
    private static ModelCall call(String tenant, String eventId, Instant time, int i) {
        return ModelCall.newBuilder().setEventId(eventId).setTimestamp(time).setTenant(tenant)
                .setModel(i % 2 == 0 ? "openai/gpt-4o" : "anthropic/claude-sonnet").setProvider(i % 2 == 0 ? "openai" : "anthropic")
                .setOperation("chat").setCategory("code/backend/api").setComplexity(Complexity.values()[i % Complexity.values().length])
                .setLatencyMs(100 + i).setTimeToFirstTokenMs(i % 3 == 0 ? null : 20L + i).setInputTokens(1000 + i)
                .setOutputTokens(200 + i).setCostUsd(i % 4 == 0 ? null : 0.001 * (i + 1)).setStatus(i % 5 == 4 ? CallStatus.SERVER_ERROR : CallStatus.OK)
                .setErrorType(i % 5 == 4 ? "http.503" : null).setErrorMessage(i % 5 == 4 ? "upstream \"busy\"\nretry" : null)
                .setQualityScore(i % 2 == 0 ? 0.5 + i / 100.0 : null).setConversationId("conv-" + i).setUserId(i % 3 == 0 ? null : "u" + i)
                .setAttributes(i % 2 == 0 ? Map.of("team", "infra", "région", "eu-west") : Map.of()).build();
    }

    private static Feedback feedback(String eventId, String callEventId, Instant time, int i) {
        return Feedback.newBuilder().setEventId(eventId).setTimestamp(time).setTenant(TENANT).setCallEventId(callEventId)
                .setSource(FeedbackSource.values()[i % 3]).setRating(i % 3 - 1).setRelevance(1 + i % 5).setAccuracy(i % 2 == 0 ? null : 2)
                .setHelpfulness(3).setCreativity(null).setOverall(1 + (i + 2) % 5).setHelpful(i % 2 == 0).setImplemented(i % 3 == 0 ? null : true)
                .setModel(null).setCategory(i % 2 == 0 ? "code/backend/api" : null).setComment(i % 2 == 0 ? "fine, \"mostly\"" : null).build();
    }

    private static Judgment judgment(String eventId, String callEventId, Instant time, int i) {
        return Judgment.newBuilder().setEventId(eventId).setTimestamp(time).setTenant(TENANT).setCallEventId(callEventId)
                .setJudge("rubric-v2").setScores(Map.of("correctness", 0.25 * (i % 4), "style", 0.875)).setOverallScore(i % 2 == 0 ? 0.625 : null)
                .setPassed(i % 2 == 0).setThinkingBudgetTokens(4096L).setThinkingTokensUsed(i % 2 == 0 ? 1000L + i : null)
                .setMinimality(0.9).setModel("openai/gpt-4o").setCategory(null).setComment("judged").build();
    }

    private static Comparison comparison(String eventId, Instant time, int i) {
        return Comparison.newBuilder().setEventId(eventId).setTimestamp(time).setTenant(TENANT).setCategory("math/algebra")
                .setComplexity(Complexity.HIGH)
                .setEntries(List.of(
                        ComparisonEntry.newBuilder().setModel("a").setProvider("pa").setScore(0.9).setLatencyMs(1200L).setInputTokens(10)
                                .setOutputTokens(20).setCostUsd(0.01).setCallEventId("call-" + i).build(),
                        ComparisonEntry.newBuilder().setModel("b").setScore(0.4).build()))
                .setWinner(i == 1 ? null : "a").setTie(i == 1).setConsensusScore(i == 2 ? null : 0.75).setJudge("vote").build();
    }

    private static void assertJudgment(JsonNode json, Judgment sent) {
        assertThat(fieldNames(json)).containsExactlyElementsOf(Judgment.getClassSchema().getFields().stream().map(f -> f.name()).toList());
        assertThat(json.get("timestamp").asText()).isEqualTo(sent.getTimestamp().toString());
        assertThat(json.get("tenant").asText()).isEqualTo(sent.getTenant());
        assertThat(json.get("callEventId").asText()).isEqualTo(sent.getCallEventId());
        assertThat(json.get("judge").asText()).isEqualTo(sent.getJudge());
        Map<String, Double> scores = new HashMap<>();
        json.get("scores").fields().forEachRemaining(entry -> scores.put(entry.getKey(), entry.getValue().asDouble()));
        assertThat(scores).isEqualTo(sent.getScores());
        assertThat(json.get("overallScore").isNull() ? null : json.get("overallScore").asDouble()).isEqualTo(sent.getOverallScore());
        assertThat(json.get("passed").asBoolean()).isEqualTo(sent.getPassed());
        assertThat(json.get("thinkingBudgetTokens").asLong()).isEqualTo(sent.getThinkingBudgetTokens());
        assertThat(json.get("thinkingTokensUsed").isNull() ? null : json.get("thinkingTokensUsed").asLong()).isEqualTo(sent.getThinkingTokensUsed());
        assertThat(json.get("minimality").asDouble()).isEqualTo(sent.getMinimality());
        assertThat(json.get("model").asText()).isEqualTo(sent.getModel());
        assertThat(json.get("category").isNull()).isTrue();
        assertThat(json.get("comment").asText()).isEqualTo(sent.getComment());
    }

    private static void assertComparison(JsonNode json, Comparison sent) {
        List<String> expected = new ArrayList<>(List.of("kind", "partition", "offset"));
        Comparison.getClassSchema().getFields().forEach(field -> expected.add(field.name()));
        assertThat(fieldNames(json)).containsExactlyElementsOf(expected);
        assertThat(json.get("timestamp").asText()).isEqualTo(sent.getTimestamp().toString());
        assertThat(json.get("category").asText()).isEqualTo(sent.getCategory());
        assertThat(json.get("complexity").asText()).isEqualTo(sent.getComplexity().name());
        assertThat(json.get("winner").isNull() ? null : json.get("winner").asText()).isEqualTo(sent.getWinner());
        assertThat(json.get("tie").asBoolean()).isEqualTo(sent.getTie());
        assertThat(json.get("consensusScore").isNull() ? null : json.get("consensusScore").asDouble()).isEqualTo(sent.getConsensusScore());
        assertThat(json.get("judge").asText()).isEqualTo(sent.getJudge());
        assertThat(json.get("entries")).hasSize(sent.getEntries().size());
        for (int i = 0; i < sent.getEntries().size(); i++) {
            JsonNode entry = json.get("entries").get(i);
            ComparisonEntry sentEntry = sent.getEntries().get(i);
            assertThat(fieldNames(entry)).containsExactlyElementsOf(ComparisonEntry.getClassSchema().getFields().stream().map(f -> f.name()).toList());
            assertThat(entry.get("model").asText()).isEqualTo(sentEntry.getModel());
            assertThat(entry.get("provider").isNull() ? null : entry.get("provider").asText()).isEqualTo(sentEntry.getProvider());
            assertThat(entry.get("score").asDouble()).isEqualTo(sentEntry.getScore());
            assertThat(entry.get("latencyMs").isNull() ? null : entry.get("latencyMs").asLong()).isEqualTo(sentEntry.getLatencyMs());
            assertThat(entry.get("inputTokens").asLong()).isEqualTo(sentEntry.getInputTokens());
            assertThat(entry.get("outputTokens").asLong()).isEqualTo(sentEntry.getOutputTokens());
            assertThat(entry.get("costUsd").isNull() ? null : entry.get("costUsd").asDouble()).isEqualTo(sentEntry.getCostUsd());
            assertThat(entry.get("callEventId").isNull() ? null : entry.get("callEventId").asText()).isEqualTo(sentEntry.getCallEventId());
        }
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private JsonNode lastLine(String body) throws Exception {
        List<String> lines = body.lines().toList();
        return mapper.readTree(lines.get(lines.size() - 1));
    }

    private void assertBadRequest(String url, String parameter) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(400);
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("parameter").asText()).as(response.body()).isEqualTo(parameter);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The source topics of the records in the DLQ so far. */
    private static List<String> dlqSources(LocalStack stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEFAULT.dlq()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<String> sources = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record ->
                        DlqHeaders.source(record.headers()).ifPresent(source -> sources.add(source.topic())));
            }
            return sources;
        }
    }
}
