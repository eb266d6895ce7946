package dev.modelperf.query.cli;

import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.streams.config.ModelPerfSettings;
import dev.modelperf.streams.config.SettingsLayers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the streams app and the query API against a real Kafka cluster and schema registry. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streams app and query API against a Kafka cluster. Settings: defaults < --config file "
                + "< MODELPERF_*/KAFKA_* environment < --set.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", description = "A properties file of settings.")
    private Path config;

    @Option(names = "--set", description = "A setting, key=value (repeatable), e.g. --set http.port=8081.")
    private Map<String, String> overrides = new LinkedHashMap<>();

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
                    settings.httpHost(), process.httpPort(), settings.bootstrapServers(), settings.registryUrl());
            return lifetime.await(process, 0);
        }
    }
}
