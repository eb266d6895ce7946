package dev.modelperf.query;

/** The JSON body of every error answer. {@code parameter} is null when no single parameter is at fault. */
public record ApiError(int status, String error, String parameter, String message) {
}
