package dev.modelperf.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Confluent's compatibility levels, with the Avro reader/writer checks each implies. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /**
     * Whether {@code candidate} may follow {@code existing} (oldest first). Non-transitive levels
     * look only at the newest existing version.
     */
    public boolean allows(Schema candidate, List<Schema> existing) {
        if (this == NONE || existing.isEmpty()) {
            return true;
        }
        List<Schema> against = name().endsWith("_TRANSITIVE") ? existing : List.of(existing.get(existing.size() - 1));
        boolean backward = this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
        boolean forward = this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
        for (Schema old : against) {
            if (backward && !canRead(candidate, old)) {
                return false;
            }
            if (forward && !canRead(old, candidate)) {
                return false;
            }
        }
        return true;
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}
