package dev.modelperf.toolbox;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How many and which models to ask in a category level ({@code GET /api/v1/ensemble}), as a table. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Show how many and which models to ask in a category level: the advice, each panel size's agreement and cost, each model's figures.")
final class EnsembleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ComparisonApiOptions options;

    @Option(names = {"-w", "--window"}, description = "1d, 7d, 30d or 90d, whole UTC days up to today, as for ratings (default: the server's, 30d).")
    private String window;

    @Option(names = "--target", description = "The agreement with the full panel a smaller panel must prove, between 0 and 1 "
            + "(default: the server's ensemble.target, 0.9).")
    private String target;

    @Override
    public Integer call() throws InterruptedException {
        try {
            spec.commandLine().getOut().print(EnsembleTable.render(options.client().json("/api/v1/ensemble",
                    "tenant", options.tenant, "category", options.category, "window", window, "target", target)));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println(ApiRefusal.describe(options.url, e));
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
