package dev.modelperf.query.export;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** The record schema of an Avro export file: the JSON line's content with each event under its own schema. */
public final class ExportAvro {

    /**
     * One line: {@code kind} call (with {@code call}, {@code feedback}, {@code judgments}) or
     * comparison (with {@code comparison}), and where it was read; the last record is kind end
     * or error, with the JSON line the JSON format ends with as {@code message}.
     */
    public static final Schema LINE = SchemaBuilder.record("ExportLine").namespace("dev.modelperf.export")
            .doc("One exported call with the feedback and judgments of it, or one comparison, and its source partition and offset.")
            .fields()
            .requiredString("kind")
            .requiredInt("partition")
            .requiredLong("offset")
            .name("call").type().optional().type(ModelCall.getClassSchema())
            .name("feedback").type().array().items(Feedback.getClassSchema()).noDefault()
            .name("judgments").type().array().items(Judgment.getClassSchema()).noDefault()
            .name("comparison").type().optional().type(Comparison.getClassSchema())
            .name("message").type().optional().stringType()
            .endRecord();

    private ExportAvro() {
    }
}
