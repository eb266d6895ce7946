package dev.modelperf.query.startup;

/** The server cannot start: one sentence naming what it could not reach or find, and where. */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }
}
