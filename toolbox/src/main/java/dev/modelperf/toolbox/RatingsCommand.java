package dev.modelperf.toolbox;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A category level's model ratings from comparisons ({@code GET /api/v1/ratings}) as a table. */
@Command(name = "ratings", mixinStandardHelpOptions = true,
        description = "Show a category level's model ratings from comparisons: rank, rating with its 95 % interval, wins and losses.")
final class RatingsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ComparisonApiOptions options;

    @Option(names = {"-w", "--window"}, description = "1d, 7d, 30d or 90d, whole UTC days up to today (default: the server's, 7d).")
    private String window;

    @Override
    public Integer call() throws InterruptedException {
        try {
            spec.commandLine().getOut().print(RatingsTable.render(options.client().json("/api/v1/ratings",
                    "tenant", options.tenant, "category", options.category, "window", window)));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println(ApiRefusal.describe(options.url, e));
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
