package dev.modelperf.query.auth;

/**
 * A request refused before it reaches an endpoint: 401 (no key, or an unknown one) or 403 (the key
 * may not do this); {@code parameter} names the field at fault, or is null.
 */
public final class AccessDeniedException extends RuntimeException {

    private final int status;
    private final String parameter;

    public AccessDeniedException(int status, String parameter, String message) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }

    public int status() {
        return status;
    }

    public String parameter() {
        return parameter;
    }

    /** The error code of the JSON body: {@code unauthorized} or {@code forbidden}. */
    public String error() {
        return status == 401 ? "unauthorized" : "forbidden";
    }
}
