package dev.modelperf.query;

import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.streams.config.SettingsException;
import dev.modelperf.query.config.SettingsLayers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server's main: the streams app and the query API against a real Kafka cluster and schema
 * registry. The toolbox offers the same command as {@code modelperf run}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streams app and query API against a Kafka cluster. Settings: defaults < --config file "
                + "< MODELPERF_*/KAFKA_* environment < --set.")
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--config", description = "A properties file of settings.")
    private Path config;

    @Option(names = "--set", description = "A setting, key=value (repeatable), e.g. --set http.port=8081.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(execute(new ServerCommand(), args));
    }

    /**
     * Runs a command line the way every ModelPerf executable does: the project's log configuration,
     * and a bad setting reported as one line naming the key (exit code 2), not a stack trace.
     */
    public static int execute(Object command, String... args) {
        // The embedded broker's jar ships a log4j2.yaml that would win over an XML file of the same name.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:modelperf-log4j2.xml");
        }
        CommandLine commandLine = new CommandLine(command);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof SettingsException) {
                cmd.getErr().println("Configuration error: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        ModelPerfSettings settings = ModelPerfSettings.from(new SettingsLayers()
                .defaults(ModelPerfSettings.defaults())
                .file(config)
                .environment(System.getenv())
                .commandLine(overrides)
                .values());
        try (ProcessLifetime lifetime = new ProcessLifetime();
             ModelPerfProcess process = ModelPerfProcess.start(settings,
                new CachedSchemaRegistry(new HttpSchemaRegistry(settings.registryUrl())))) {
            System.out.printf("ModelPerf serving http://%s:%d/api/v1/rankings (Kafka %s, registry %s)%n",
                    settings.httpHost(), process.httpPort(), settings.streams().bootstrapServers(), settings.registryUrl());
            return lifetime.await(process, 0);
        }
    }
}
