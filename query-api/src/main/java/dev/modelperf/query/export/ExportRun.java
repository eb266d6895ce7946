package dev.modelperf.query.export;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.query.BadRequestException;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.validate.DlqHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export, read from the topics (the source of truth): first the DLQ's source positions and
 * the feedback and judgments of the range into an {@link AttachmentIndex} on disk, then the calls
 * partition by partition in offset order, each written with what judges it, then the comparisons.
 * A partition is read from the first offset stamped at or after {@code since} (offsetsForTimes;
 * producers stamp records with the event time) to the first stamped at or after {@code until} plus
 * the grace, or to its end, so events arriving up to the grace late are found. Memory stays
 * bounded: one poll's records, one call's attachments, and the index's fixed RocksDB budget.
 */
public final class ExportRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExportRun.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** How long a partition may give nothing while records are known to lie ahead before the export fails. */
    private static final Duration STALL = Duration.ofSeconds(30);

    /** The offsets [{@code start}, {@code stop}) of one partition an export reads. */
    public record Range(ExportKind kind, String topic, int partition, long start, long stop) {
        public long size() {
            return Math.max(0, stop - start);
        }
    }

    /**
     * What an export wrote and what it passed over: {@code rejected} events of the tenant that the
     * DLQ holds (calls and comparisons of the range, feedback and judgments read), {@code undecodable}
     * records that do not decode and are not (yet) in the DLQ.
     */
    public record Summary(long calls, long comparisons, long feedback, long judgments, long rejected, long undecodable) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final ExportRequest request;
    private final Topics topics;
    private final Path indexParent;
    private final RegistryAvroDeserializer<ModelCall> calls;
    private final RegistryAvroDeserializer<Feedback> feedback;
    private final RegistryAvroDeserializer<Judgment> judgments;
    private final RegistryAvroDeserializer<Comparison> comparisons;
    private final List<Range> lines = new ArrayList<>();
    private final List<Range> attachments = new ArrayList<>();
    private final List<Range> dlq = new ArrayList<>();
    private long written;
    private long writtenComparisons;
    private long attachedFeedback;
    private long attachedJudgments;
    private long dlqEntries;
    private long rejected;
    private long undecodable;

    private ExportRun(Consumer<byte[], byte[]> consumer, ExportRequest request, Topics topics, SchemaRegistry registry,
                      Path indexParent) {
        this.consumer = consumer;
        this.request = request;
        this.topics = topics;
        this.indexParent = indexParent;
        this.calls = new RegistryAvroDeserializer<>(registry, ModelCall.getClassSchema());
        this.feedback = new RegistryAvroDeserializer<>(registry, Feedback.getClassSchema());
        this.judgments = new RegistryAvroDeserializer<>(registry, Judgment.getClassSchema());
        this.comparisons = new RegistryAvroDeserializer<>(registry, Comparison.getClassSchema());
    }

    /**
     * Looks up the offsets the export will read; throws {@link BadRequestException} for a cursor
     * naming a partition that does not exist. {@code consumerConfig}: the cluster's connection settings.
     */
    public static ExportRun open(Map<String, Object> consumerConfig, Topics topics, SchemaRegistry registry, Path indexParent,
                                 ExportRequest request) {
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        ExportRun run = new ExportRun(consumer, request, topics, registry, indexParent);
        try {
            run.plan();
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** The offsets of the lines' partitions this export reads, in the order it reads them. */
    public List<Range> lineRanges() {
        return List.copyOf(lines);
    }

    private void plan() {
        for (ExportKind kind : ExportKind.values()) {
            if (!request.includes(kind)) {
                continue;
            }
            List<Range> ranges = ranges(kind, kind.topic(topics), request.readUntil());
            (kind.hasLines() ? lines : attachments).addAll(ranges);
        }
        for (Map.Entry<ExportRequest.Position, Long> position : request.cursor().entrySet()) {
            boolean known = lines.stream().anyMatch(range -> range.kind() == position.getKey().kind()
                    && range.partition() == position.getKey().partition());
            if (!known) {
                throw new BadRequestException("cursor", "names " + position.getKey().kind().line() + " partition "
                        + position.getKey().partition() + ", which " + position.getKey().kind().topic(topics) + " does not have");
            }
        }
        lines.replaceAll(range -> {
            Long last = request.cursor().get(new ExportRequest.Position(range.kind(), range.partition()));
            return last == null ? range : new Range(range.kind(), range.topic(), range.partition(),
                    Math.max(range.start(), last + 1), range.stop());
        });
        dlq.addAll(ranges(null, topics.dlq(), null));
    }

    /** From the first offset stamped at or after {@code since} to the first at or after {@code readUntil} (null: the end). */
    private List<Range> ranges(ExportKind kind, String topic, Instant readUntil) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist or has no partitions");
        }
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        // Assigned, so that the read_committed end offsets (last stable offsets) are kept rather than warned about.
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times(partitions, request.since()));
        Map<TopicPartition, OffsetAndTimestamp> stops = readUntil == null ? Map.of()
                : consumer.offsetsForTimes(times(partitions, readUntil));
        List<Range> ranges = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition);
            OffsetAndTimestamp start = starts.get(partition);
            OffsetAndTimestamp stop = stops.get(partition);
            ranges.add(new Range(kind, topic, partition.partition(), start == null ? end : start.offset(),
                    stop == null ? end : Math.min(end, stop.offset())));
        }
        return ranges;
    }

    private static Map<TopicPartition, Long> times(Collection<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, time.toEpochMilli()));
        return times;
    }

    /** Reads the ranges and writes every selected line to {@code sink}; the caller finishes and closes the sink. */
    public Summary writeTo(ExportSink sink) throws IOException {
        Set<String> exported = new HashSet<>();
        for (ExportKind kind : request.kinds()) {
            exported.add(kind.topic(topics));
        }
        try (AttachmentIndex index = AttachmentIndex.create(indexParent)) {
            for (Range range : dlq) {
                scan(range, record -> DlqHeaders.source(record.headers())
                        .filter(source -> exported.contains(source.topic()))
                        .ifPresent(source -> {
                            index.reject(source.topic(), source.partition(), source.offset());
                            dlqEntries++;
                        }));
            }
            boolean anyRejected = dlqEntries > 0;
            for (Range range : attachments) {
                scan(range, record -> {
                    boolean inDlq = anyRejected && index.rejected(range.topic(), range.partition(), record.offset());
                    String tenant;
                    String callEventId;
                    try {
                        if (range.kind() == ExportKind.FEEDBACK) {
                            Feedback event = feedback.deserialize(range.topic(), record.value());
                            tenant = event.getTenant();
                            callEventId = event.getCallEventId();
                        } else {
                            Judgment event = judgments.deserialize(range.topic(), record.value());
                            tenant = event.getTenant();
                            callEventId = event.getCallEventId();
                        }
                    } catch (SerializationException e) {
                        undecodable += inDlq ? 0 : 1;
                        return;
                    }
                    if (request.tenant() != null && !request.tenant().equals(tenant)) {
                        return;
                    }
                    if (inDlq) {
                        rejected++;
                        return;
                    }
                    index.attach(tenant, callEventId, range.kind(), range.partition(), record.offset(), record.value());
                });
            }
            for (Range range : lines) {
                scanLines(range, index, anyRejected, sink);
            }
        }
        Summary summary = new Summary(written, writtenComparisons, attachedFeedback, attachedJudgments, rejected, undecodable);
        log.info("Export of {} from {} to {} (+{} grace): {}", request.tenant() == null ? "every tenant" : "tenant " + request.tenant(),
                request.since(), request.until(), request.grace(), summary);
        return summary;
    }

    private void scanLines(Range range, AttachmentIndex index, boolean anyRejected, ExportSink sink) throws IOException {
        try {
            scan(range, record -> {
                boolean inDlq = anyRejected && index.rejected(range.topic(), range.partition(), record.offset());
                try {
                    if (range.kind() == ExportKind.CALLS) {
                        writeCall(range, record, index, inDlq, sink);
                    } else {
                        Comparison comparison = comparisons.deserialize(range.topic(), record.value());
                        if (!request.selects(comparison.getTenant(), comparison.getTimestamp())) {
                            return;
                        }
                        if (inDlq) {
                            rejected++;
                            return;
                        }
                        sink.write(new ExportLine(ExportKind.COMPARISONS, range.partition(), record.offset(), comparison,
                                List.of(), List.of()));
                        writtenComparisons++;
                    }
                } catch (SerializationException e) {
                    undecodable += inDlq ? 0 : 1;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void writeCall(Range range, ConsumerRecord<byte[], byte[]> record, AttachmentIndex index, boolean inDlq,
                           ExportSink sink) throws IOException {
        ModelCall call = calls.deserialize(range.topic(), record.value());
        if (!request.selects(call.getTenant(), call.getTimestamp())) {
            return;
        }
        if (inDlq) {
            rejected++;
            return;
        }
        List<Feedback> callFeedback = new ArrayList<>();
        List<Judgment> callJudgments = new ArrayList<>();
        if (!attachments.isEmpty()) {
            index.attachments(call.getTenant(), call.getEventId(), (kind, value) -> {
                if (kind == ExportKind.FEEDBACK) {
                    callFeedback.add(feedback.deserialize(topics.feedback(), value));
                } else {
                    callJudgments.add(judgments.deserialize(topics.judgments(), value));
                }
            });
        }
        sink.write(new ExportLine(ExportKind.CALLS, range.partition(), record.offset(), call, callFeedback, callJudgments));
        written++;
        attachedFeedback += callFeedback.size();
        attachedJudgments += callJudgments.size();
    }

    private interface RecordHandler {
        void handle(ConsumerRecord<byte[], byte[]> record);
    }

    /** Hands every record of {@code range} to {@code handler}, in offset order, tombstones left out. */
    private void scan(Range range, RecordHandler handler) {
        if (range.size() == 0) {
            return;
        }
        TopicPartition partition = new TopicPartition(range.topic(), range.partition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, range.start());
        long lastProgress = System.nanoTime();
        while (consumer.position(partition) < range.stop()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            if (records.isEmpty()) {
                if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("No record from " + partition + " for " + STALL.toSeconds() + " s at offset "
                            + consumer.position(partition) + " while the export needs up to " + range.stop());
                }
                continue;
            }
            lastProgress = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.offset() >= range.stop()) {
                    break;
                }
                if (record.value() != null) {
                    handler.handle(record);
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
