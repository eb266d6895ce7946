package dev.modelperf.streams.config;

/** A setting that is missing, unknown or has a bad value; the message names the key and where it came from. */
public class SettingsException extends RuntimeException {

    public SettingsException(String message) {
        super(message);
    }
}
