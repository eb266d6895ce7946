package dev.modelperf.query.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes each line as one JSON object: {@code kind}, {@code partition}, {@code offset} first (so
 * a client finds its position without parsing the rest), then every field of the event under its
 * Avro name, then {@code feedback} and {@code judgments} as arrays of every field of each.
 * Timestamps are ISO-8601 instants (exact to the millisecond, as stored); absent optional fields
 * are null, never left out.
 */
public final class JsonLinesSink implements ExportSink {

    private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;

    private final OutputStream out;
    private final JsonGenerator json;
    private final boolean feedback;
    private final boolean judgments;
    private long lastFlush = System.nanoTime();

    /** {@code feedback}, {@code judgments}: whether call lines carry those arrays (the kinds asked). */
    public JsonLinesSink(OutputStream out, boolean feedback, boolean judgments) throws IOException {
        this.out = out;
        this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)
                .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
                .configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, true);
        json.setRootValueSeparator(null);
        this.feedback = feedback;
        this.judgments = judgments;
    }

    @Override
    public void write(ExportLine line) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", line.kind().line());
        json.writeNumberField("partition", line.partition());
        json.writeNumberField("offset", line.offset());
        fields(json, line.event());
        if (line.kind() == ExportKind.CALLS) {
            if (feedback) {
                array("feedback", line.feedback());
            }
            if (judgments) {
                array("judgments", line.judgments());
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
        long now = System.nanoTime();
        if (now - lastFlush >= FLUSH_EVERY_NANOS) {
            json.flush();
            lastFlush = now;
        }
    }

    @Override
    public void finish() throws IOException {
        json.flush();
        out.flush();
    }

    private void array(String name, List<? extends IndexedRecord> events) throws IOException {
        json.writeArrayFieldStart(name);
        for (IndexedRecord event : events) {
            json.writeStartObject();
            fields(json, event);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** Every field of {@code record}, by its schema, into the object being written. */
    static void fields(JsonGenerator json, IndexedRecord record) throws IOException {
        for (Schema.Field field : record.getSchema().getFields()) {
            json.writeFieldName(field.name());
            value(json, field.schema(), record.get(field.pos()));
        }
    }

    private static void value(JsonGenerator json, Schema schema, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> value(json, schema.getTypes().get(schema.getIndexNamed(branchName(schema, value))), value);
            case RECORD -> {
                json.writeStartObject();
                fields(json, (IndexedRecord) value);
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (Object item : (List<?>) value) {
                    value(json, schema.getElementType(), item);
                }
                json.writeEndArray();
            }
            case MAP -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    json.writeFieldName(entry.getKey().toString());
                    value(json, schema.getValueType(), entry.getValue());
                }
                json.writeEndObject();
            }
            case LONG -> {
                if (value instanceof Instant instant) {
                    json.writeString(instant.toString());
                } else {
                    json.writeNumber((Long) value);
                }
            }
            case INT -> json.writeNumber((Integer) value);
            case DOUBLE -> json.writeNumber((Double) value);
            case FLOAT -> json.writeNumber((Float) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            default -> json.writeString(value.toString());
        }
    }

    /** The union branch a non-null value takes: ModelPerf's unions are all {@code ["null", T]}. */
    private static String branchName(Schema union, Object value) {
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch.getFullName();
            }
        }
        throw new IllegalStateException("union " + union + " has no branch for " + value);
    }
}
