package dev.modelperf.query;

/** The state needed for an answer is not queryable now (starting, rebalancing); answered 503 with Retry-After. */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
