package dev.modelperf.client.routing;

import java.util.List;

/**
 * No model answered: every attempt failed, the last failure was not worth retrying (a client
 * error), or no model could be tried at all. The cause is the last model's exception.
 */
public final class RoutingFailedException extends Exception {

    private final transient List<Attempt> attempts;
    private final transient Decision decision;

    RoutingFailedException(String message, List<Attempt> attempts, Decision decision, Throwable cause) {
        super(message, cause);
        this.attempts = List.copyOf(attempts);
        this.decision = decision;
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    public Decision decision() {
        return decision;
    }
}
