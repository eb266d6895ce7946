package dev.modelperf.schemas.registry;

/**
 * A registry refusal or failure, with the HTTP status and Confluent error code that describe it
 * (for example 404/40401 subject not found, 409 incompatible schema, 422/42201 invalid schema).
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int UNAVAILABLE = 50003;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean isNotFound() {
        return httpStatus == 404;
    }

    public boolean isIncompatible() {
        return httpStatus == 409;
    }

    /**
     * Whether asking again later may succeed: the registry was unreachable or timed out (status 0),
     * overloaded (408, 429) or failing (5xx). A 404 or any other 4xx is an answer, not an outage.
     */
    public boolean isTransient() {
        return httpStatus == 0 || httpStatus == 408 || httpStatus == 429 || httpStatus / 100 == 5;
    }
}
