package dev.modelperf.query;

import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.auth.KeyFile;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.query.startup.StartupChecks;
import dev.modelperf.query.startup.StartupException;
import dev.modelperf.streams.config.SettingsException;
import dev.modelperf.query.config.SettingsLayers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.slf4j.LoggerFactory;
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

    /** Exit code of a bad setting or keys file. */
    public static final int EXIT_CONFIGURATION = 2;
    /** Exit code of a start that could not reach Kafka or the registry, or found a topic missing. */
    public static final int EXIT_STARTUP = 3;

    /**
     * Runs a command line the way every ModelPerf executable does: the project's log configuration,
     * a bad setting reported as one line naming the key (exit code 2), and what the start could not
     * reach as one line naming it (exit code 3), not a stack trace.
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
                return EXIT_CONFIGURATION;
            }
            if (exception instanceof KeyFile.InvalidKeyFileException) {
                cmd.getErr().println("Configuration error: auth.keys.file: " + exception.getMessage());
                return EXIT_CONFIGURATION;
            }
            if (exception instanceof StartupException) {
                cmd.getErr().println("Start-up failed: " + exception.getMessage());
                return EXIT_STARTUP;
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
        new StartupChecks(settings).run();
        try (ProcessLifetime lifetime = new ProcessLifetime();
             ModelPerfProcess process = start(settings)) {
            System.out.printf("ModelPerf serving http://%s:%d/api/v1/rankings (Kafka %s, registry %s)%n",
                    settings.httpHost(), process.httpPort(), settings.streams().bootstrapServers(), settings.registryUrl());
            return lifetime.await(process, 0);
        }
    }

    /** Starts the process; a failure past the checks (a topic the cluster refuses to create) is still one line. */
    private static ModelPerfProcess start(ModelPerfSettings settings) {
        try {
            return ModelPerfProcess.start(settings,
                    new CachedSchemaRegistry(new HttpSchemaRegistry(settings.registryUrl(), settings.startupTimeout())));
        } catch (IllegalStateException | KafkaException e) {
            // Looked up here, not in a static field: loading this class must not start the logging
            // before execute() has chosen its configuration.
            LoggerFactory.getLogger(ServerCommand.class).debug("Start-up failed", e);
            throw new StartupException(e.getMessage());
        }
    }
}
