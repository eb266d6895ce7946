package dev.modelperf.query.cli;

import dev.modelperf.streams.config.SettingsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code modelperf} executable. */
@Command(name = "modelperf", mixinStandardHelpOptions = true, version = "ModelPerf 0.1.0",
        description = "Per-model, per-category LLM call performance on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, BenchCommand.class, LoadCommand.class, BenchHealthCommand.class,
            BenchRouterCommand.class, AlertsCommand.class})
public final class ModelPerfCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The embedded broker's jar ships a log4j2.yaml that would win over an XML file of the same name.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:modelperf-log4j2.xml");
        }
        CommandLine commandLine = new CommandLine(new ModelPerfCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof SettingsException) {
                cmd.getErr().println("Configuration error: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
