package dev.modelperf.toolbox;

import dev.modelperf.query.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code modelperf} executable: the server's {@code run}, and what developers and evaluators run beside it. */
@Command(name = "modelperf", mixinStandardHelpOptions = true, version = "ModelPerf 0.1.0",
        description = "Per-model, per-category LLM call performance on Kafka Streams.",
        subcommands = {DemoCommand.class, ServerCommand.class, BenchCommand.class, LoadCommand.class, BenchHealthCommand.class,
            BenchRouterCommand.class, BenchDecisionsCommand.class, BenchPredictCommand.class, BenchLimitsCommand.class, AlertsCommand.class, TopCommand.class,
            RoutingCommand.class, SoakCommand.class, ExportCommand.class, RatingsCommand.class, EnsembleCommand.class})
public final class ModelPerfCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(ServerCommand.execute(new ModelPerfCommand(), args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
