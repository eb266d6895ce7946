package dev.modelperf.toolbox;

import picocli.CommandLine.Option;

/** Where {@code ratings} and {@code ensemble} read from: the query API, the tenant and the category level. */
final class ComparisonApiOptions {

    @Option(names = {"--url", "--api"}, defaultValue = "http://127.0.0.1:8080", description = "The server's HTTP API (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--tenant", description = "The tenant to show (default: the API key's, or default).")
    String tenant;

    @Option(names = {"-c", "--category"}, defaultValue = "*", description = "A category path such as code/backend, or * for all (default ${DEFAULT-VALUE}).")
    String category;

    @Option(names = "--api-key", defaultValue = "${env:MODELPERF_API_KEY}",
            description = "Sent as 'Authorization: Bearer KEY' when the server uses access control (default: $MODELPERF_API_KEY).")
    String apiKey;

    ApiClient client() {
        return new ApiClient(url, apiKey);
    }
}
