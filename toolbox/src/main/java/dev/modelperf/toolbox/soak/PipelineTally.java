package dev.modelperf.toolbox.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.validate.DlqHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the pipeline made of the soak's events, from durable places only, so that the figures hold
 * across kills: the counts the API serves, the DLQ (read committed) by reason, and the records on
 * the input topics.
 */
public final class PipelineTally implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final KafkaConsumer<byte[], byte[]> dlq;
    private final KafkaConsumer<byte[], byte[]> offsets;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();

    /** Calls and feedback counted by the aggregates. */
    public record Counted(long calls, long feedback) {
        public long total() {
            return calls + feedback;
        }
    }

    public PipelineTally(String bootstrapServers) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.dlq = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.offsets = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The tenant's calls and feedback in the last day's aggregates, or null while the server does not answer. */
    public Counted counted(String baseUrl, String tenant) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/summary?days=1&tenant=" + tenant))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return null;
            }
            JsonNode totals = mapper.readTree(answer.body()).get("totals");
            return new Counted(totals.get("count").asLong(), totals.get("feedback").get("count").asLong());
        } catch (IOException notAnswering) {
            return null;
        }
    }

    /** The duplicates the server process at {@code baseUrl} has dropped since it started ({@code duplicates-total}), or -1. */
    public long duplicatesDropped(String baseUrl) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return -1;
            }
            return (long) answer.body().lines().filter(line -> line.startsWith("kafka_stream_modelperf_duplicates_total"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException notAnswering) {
            return -1;
        }
    }

    /** Every DLQ record so far, by the kind of its reason (the words before the first ':' or '('). */
    public Map<String, Long> rejectedByReason() {
        if (dlq.assignment().isEmpty()) {
            // Assigned on first use: the server creates the topics when it starts, after this tally is made.
            List<TopicPartition> partitions = dlq.partitionsFor(Topics.DEFAULT.dlq()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            dlq.assign(partitions);
            dlq.seekToBeginning(partitions);
        }
        for (int polls = 0; polls < 50; polls++) {
            var records = dlq.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                break;
            }
            records.forEach(record -> rejectedByReason.merge(kind(record.headers().lastHeader(DlqHeaders.REASON)), 1L, Long::sum));
        }
        return Map.copyOf(rejectedByReason);
    }

    /** Records on the calls and feedback topics: every event that reached Kafka, copies included. */
    public long recordsOnInputTopics() {
        long records = 0;
        for (String topic : List.of(Topics.DEFAULT.calls(), Topics.DEFAULT.feedback())) {
            List<TopicPartition> partitions = offsets.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = offsets.endOffsets(partitions);
            Map<TopicPartition, Long> begins = offsets.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                records += ends.get(partition) - begins.get(partition);
            }
        }
        return records;
    }

    private static String kind(Header reason) {
        if (reason == null) {
            return "(no reason)";
        }
        String text = new String(reason.value(), StandardCharsets.UTF_8);
        int end = text.length();
        for (char stop : new char[] {':', '('}) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return text.substring(0, end).strip();
    }

    @Override
    public void close() {
        dlq.close();
        offsets.close();
    }
}
