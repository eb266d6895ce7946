package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.local.LocalStack;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server on a local stack as integration tests start it: loopback HTTP on a free port, RUNNING before it is handed over. */
public final class TestServers {

    private TestServers() {
    }

    /**
     * The settings of a server on {@code stack} with its own application id and state directory,
     * three partitions, and {@code more} as key, value pairs over them.
     */
    public static Map<String, String> settings(LocalStack stack, String applicationId, Path stateDir, String... more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
        settings.put("kafka.application.id", applicationId);
        settings.put("registry.url", stack.registryUrl());
        settings.put("state.dir", stateDir.toString());
        settings.put("topic.partitions", "3");
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    /** Starts the server and waits until its streams app is RUNNING. */
    public static ModelPerfProcess start(LocalStack stack, Map<String, String> settings) throws InterruptedException {
        ModelPerfProcess process = ModelPerfProcess.start(ModelPerfSettings.withOverrides(settings),
                new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
        assertThat(process.awaitRunning(Duration.ofSeconds(60))).as("streams app RUNNING").isTrue();
        return process;
    }

    /** The base URL of the server's HTTP API. */
    public static String api(ModelPerfProcess process) {
        return "http://127.0.0.1:" + process.httpPort();
    }
}
