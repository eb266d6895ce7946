package dev.modelperf.toolbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** Where the routing commands read from: the query API, the tenant and the window. */
final class RoutingApiOptions {

    @Option(names = "--api", defaultValue = "http://localhost:8080", description = "Query API base URL (default ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--tenant", defaultValue = "default", description = "Tenant (default ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--window", defaultValue = "24h", description = "Span of decisions to read, e.g. 1h, 24h, 7d (default ${DEFAULT-VALUE}).")
    String window;

    String query() {
        return "tenant=" + encode(tenant) + "&window=" + encode(window);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
