package dev.modelperf.query.export;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One line of an export: a call with the feedback and judgments that judge it, or a comparison,
 * with the partition and offset it was read at (what a cursor resumes after).
 */
public record ExportLine(ExportKind kind, int partition, long offset, SpecificRecord event, List<Feedback> feedback,
                         List<Judgment> judgments) {
}
