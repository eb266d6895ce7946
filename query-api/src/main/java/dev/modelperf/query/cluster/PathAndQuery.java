package dev.modelperf.query.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The path and query string of a request to another instance, parameter values URL-encoded. */
public final class PathAndQuery {

    private final StringBuilder text;
    private char separator = '?';

    public PathAndQuery(String path) {
        this.text = new StringBuilder(path);
    }

    /** Adds {@code name=value}; nothing when {@code value} is null (the parameter is left out). */
    public PathAndQuery with(String name, Object value) {
        if (value != null) {
            text.append(separator).append(name).append('=').append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
