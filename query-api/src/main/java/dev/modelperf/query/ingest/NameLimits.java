package dev.modelperf.query.ingest;

import dev.modelperf.events.ModelCall;
import java.util.List;

/** What ingest can tell of a batch of calls against their tenants' limits on distinct names before sending it. */
public interface NameLimits {

    /** Checks nothing: the stream alone decides, and sends calls past a limit to the DLQ. */
    NameLimits UNCHECKED = calls -> List.of();

    /** The calls of the batch, by index and field, that would bring a name past their tenant's limit; empty when none would. */
    List<FieldError> refusals(List<ModelCall> calls);
}
