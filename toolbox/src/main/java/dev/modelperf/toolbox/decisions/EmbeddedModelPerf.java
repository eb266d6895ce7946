package dev.modelperf.toolbox.decisions;

import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.OverflowPolicy;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real pipeline for a replay, in this process: local broker and registry, the streams app and
 * HTTP API started with the replay's settings, and a client that records calls into it. The
 * routing rule table is an empty file, so that nothing but recorded calls decides.
 */
final class EmbeddedModelPerf implements AutoCloseable {

    private final LocalStack stack;
    private final Path emptyRoutingDefaults;
    private final ModelPerfProcess process;
    private final ModelPerfClient client;
    private final Map<String, String> settings;

    private EmbeddedModelPerf(LocalStack stack, Path emptyRoutingDefaults, ModelPerfProcess process, ModelPerfClient client,
                              Map<String, String> settings) {
        this.stack = stack;
        this.emptyRoutingDefaults = emptyRoutingDefaults;
        this.process = process;
        this.client = client;
        this.settings = settings;
    }

    /**
     * Starts everything and waits for RUNNING. {@code replaySettings} (the replay's own, then the
     * user's {@code --set}) go over the embedded defaults; the user's win.
     */
    static EmbeddedModelPerf start(Path stateDir, String tenant, Map<String, String> replaySettings) throws Exception {
        LocalStack stack = LocalStack.start();
        Path emptyRules = null;
        ModelPerfProcess process = null;
        try {
            emptyRules = Files.createTempFile("modelperf-empty-routing-defaults", ".csv");
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("kafka.bootstrap.servers", stack.bootstrapServers());
            overrides.put("kafka.application.id", "modelperf-bench-decisions");
            overrides.put("registry.url", stack.registryUrl());
            overrides.put("state.dir", stateDir.toString());
            overrides.put("topic.partitions", "1");
            overrides.put("http.host", "127.0.0.1");
            overrides.put("http.port", "0");
            overrides.put("routing.defaults.file", emptyRules.toString());
            overrides.putAll(replaySettings);
            ModelPerfSettings settings = ModelPerfSettings.withOverrides(overrides);
            process = ModelPerfProcess.start(settings, new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
            if (!process.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("The streams app did not reach RUNNING within 60 s (" + process.state() + ")");
            }
            ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                    .registryUrl(stack.registryUrl()).tenant(tenant)
                    .overflowPolicy(OverflowPolicy.BLOCK).maxBlock(Duration.ofMinutes(1)).build();
            Map<String, String> shown = new TreeMap<>(overrides);
            shown.keySet().removeIf(key -> key.equals("state.dir") || key.startsWith("kafka.bootstrap") || key.equals("registry.url")
                    || key.equals("kafka.application.id") || key.startsWith("http."));
            shown.replace("routing.defaults.file", emptyRules.toString(), "(an empty file)");
            return new EmbeddedModelPerf(stack, emptyRules, process, client, shown);
        } catch (Exception | Error e) {
            if (process != null) {
                process.close();
            }
            stack.close();
            if (emptyRules != null) {
                Files.deleteIfExists(emptyRules);
            }
            throw e;
        }
    }

    String apiUrl() {
        return "http://127.0.0.1:" + process.httpPort();
    }

    ModelPerfClient client() {
        return client;
    }

    /** The settings this run changed from the server's defaults (addresses and paths left out), for the report. */
    Map<String, String> settings() {
        return settings;
    }

    boolean running() {
        return process.kafkaStreams().state().isRunningOrRebalancing();
    }

    @Override
    public void close() throws IOException {
        try (LocalStack closingStack = stack; ModelPerfProcess closingProcess = process; ModelPerfClient closingClient = client) {
            closingClient.flush();
        } finally {
            Files.deleteIfExists(emptyRoutingDefaults);
        }
    }
}
