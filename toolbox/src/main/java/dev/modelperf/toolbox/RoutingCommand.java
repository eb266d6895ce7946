package dev.modelperf.toolbox;

import dev.modelperf.query.ProcessLifetime;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The routing cascade at a glance, from {@code GET /api/v1/routing/layers}: each layer's threshold,
 * capture and accuracy with a bar of its share of all decisions, and the cascade's targets met or
 * missed; {@code --live} redraws it until Ctrl-C. Its subcommands judge and set the thresholds.
 */
@Command(name = "routing", mixinStandardHelpOptions = true,
        description = "Show the routing cascade layer by layer (capture bars, accuracy, latency, targets); tune and analyze its thresholds.",
        subcommands = {RoutingTuneCommand.class, RoutingAnalyzeCommand.class})
final class RoutingCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RoutingApiOptions options;

    @Option(names = "--live", description = "Redraw the table every --interval until Ctrl-C.")
    private boolean live;

    @Option(names = "--interval", defaultValue = "5", description = "Seconds between redraws with --live (default ${DEFAULT-VALUE}).")
    private long intervalSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (intervalSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--interval must be at least 1 second (was " + intervalSeconds + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(options.api);
        if (!live) {
            out.print(RoutingTables.layers(api.routingLayers(options.query())));
            out.flush();
            return 0;
        }
        boolean terminal = System.console() != null;
        try (ProcessLifetime lifetime = new ProcessLifetime()) {
            while (!lifetime.stopRequested()) {
                String table;
                try {
                    table = RoutingTables.layers(api.routingLayers(options.query()));
                } catch (IOException e) {
                    table = "Routing figures unavailable: " + e.getMessage() + System.lineSeparator();
                }
                // On a terminal the table is redrawn in place; in a log, each redraw follows the last.
                out.print(terminal ? "\033[H\033[2J" + table : table + System.lineSeparator());
                out.flush();
                TimeUnit.MILLISECONDS.sleep(Duration.ofSeconds(intervalSeconds).toMillis());
            }
        }
        return 0;
    }
}
