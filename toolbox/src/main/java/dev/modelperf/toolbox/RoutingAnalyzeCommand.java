package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One layer's threshold analysis from {@code GET /api/v1/routing/thresholds?layer=}: what its
 * current threshold passes on and accepts wrongly, capture and accuracy at every threshold, and
 * the recommendation with its reason; {@code --json} prints the API's answer as is.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse one cascade layer's threshold: capture and accuracy at every threshold, and the recommendation.")
final class RoutingAnalyzeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RoutingApiOptions options;

    @Mixin
    private TuningOptions tuning;

    @Option(names = "--layer", required = true, description = "Layer id, e.g. semantic.")
    private String layer;

    @Option(names = "--json", description = "Print the API's JSON answer.")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(options.api);
        String answer = api.routingThresholds(options.query() + tuning.query() + "&layer=" + RoutingApiOptions.encode(layer));
        JsonNode layers = api.parse(answer).path("layers");
        if (layers.isEmpty()) {
            spec.commandLine().getErr().printf(Locale.ROOT, "Layer %s made no proposal for tenant %s in the last %s.%n", layer,
                    options.tenant, options.window);
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.print(json ? answer + System.lineSeparator() : RoutingTables.curve(layers.get(0)));
        out.flush();
        return 0;
    }
}
