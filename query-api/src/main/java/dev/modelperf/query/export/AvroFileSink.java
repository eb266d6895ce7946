package dev.modelperf.query.export;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ModelCall;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes an Avro object container file of {@link ExportAvro#LINE} records, the events under their
 * own schemas (so every field keeps its type). Blocks are ended at least every second, so the
 * stream carries whole blocks a client can decode as they come.
 */
public final class AvroFileSink implements ExportSink {

    private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;

    private final DataFileWriter<GenericRecord> writer;
    private long lastFlush = System.nanoTime();

    public AvroFileSink(OutputStream out) throws IOException {
        this.writer = new DataFileWriter<GenericRecord>(new SpecificDatumWriter<>(ExportAvro.LINE))
                .setCodec(CodecFactory.deflateCodec(1))
                .create(ExportAvro.LINE, out);
    }

    @Override
    public void write(ExportLine line) throws IOException {
        GenericData.Record record = new GenericData.Record(ExportAvro.LINE);
        record.put("kind", line.kind().line());
        record.put("partition", line.partition());
        record.put("offset", line.offset());
        record.put("call", line.kind() == ExportKind.CALLS ? (ModelCall) line.event() : null);
        record.put("comparison", line.kind() == ExportKind.COMPARISONS ? (Comparison) line.event() : null);
        record.put("feedback", line.feedback() == null ? List.of() : line.feedback());
        record.put("judgments", line.judgments() == null ? List.of() : line.judgments());
        writer.append(record);
        long now = System.nanoTime();
        if (now - lastFlush >= FLUSH_EVERY_NANOS) {
            writer.flush();
            lastFlush = now;
        }
    }

    /** Appends the last record: {@code kind} end or error, {@code message} the matching JSON line; then flushes. */
    void end(String kind, String message) throws IOException {
        GenericData.Record record = new GenericData.Record(ExportAvro.LINE);
        record.put("kind", kind);
        record.put("partition", -1);
        record.put("offset", -1L);
        record.put("feedback", List.of());
        record.put("judgments", List.of());
        record.put("message", message);
        writer.append(record);
        finish();
    }

    @Override
    public void finish() throws IOException {
        writer.flush();
    }
}
