package dev.modelperf.client;

import dev.modelperf.schemas.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** An event the client refuses to send, with every field it got wrong and the rule each breaks. */
public class InvalidEventException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public InvalidEventException(String eventType, List<Violation> violations) {
        super("Invalid " + eventType + ": " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
