package dev.modelperf.toolbox;

import dev.modelperf.toolbox.bench.HealthLatencyBenchmark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints how long after the third failure is sent a model shows BLACKLISTED in {@code /api/v1/health} and leaves {@code choose()}. */
@Command(name = "bench-health", mixinStandardHelpOptions = true,
        description = "Measure the time from a model's third failure being sent to GET /api/v1/health/{model} answering "
                + "BLACKLISTED and to an in-process ModelRouter's choose() leaving it out, on the embedded stack.")
final class BenchHealthCommand implements Callable<Integer> {

    @Option(names = {"-n", "--models"}, defaultValue = "200", description = "Models to blacklist, one after the other (default ${DEFAULT-VALUE}).")
    private int models;

    @Option(names = "--warmup", defaultValue = "20", description = "Models blacklisted first and not counted (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of every topic (default ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--set", description = "A setting for the streams app, key=value (repeatable), e.g. --set kafka.commit.interval.ms=20.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (models < 1 || warmup < 0) {
            System.err.println("--models must be at least 1 and --warmup at least 0");
            return 2;
        }
        try (TemporaryStateDirectory stateDir = TemporaryStateDirectory.create("modelperf-bench-health-state")) {
            HealthLatencyBenchmark.Result result = new HealthLatencyBenchmark(models, warmup, partitions, overrides).run(stateDir.path());
            System.out.printf(Locale.ROOT, "models    %d blacklisted one after the other (after %d warm-up), %d partitions%n",
                    result.blacklisted().size(), warmup, result.partitions());
            System.out.printf(Locale.ROOT, "streams   exactly_once_v2, 1 stream thread, %s%n", result.streamsTimings());
            print("third failure sent → BLACKLISTED in GET /api/v1/health/{model}", result.blacklisted());
            print("third failure sent → left out by ModelRouter.choose() (in-process, decisions and health topics)",
                    result.leftOutByRouter());
            print("third failure sent → acknowledged by the broker", result.acknowledged());
            return 0;
        }
    }

    private static void print(String what, List<Double> sorted) {
        System.out.printf(Locale.ROOT, "%s%n  p50 %6.0f ms   p99 %6.0f ms   max %6.0f ms%n", what,
                HealthLatencyBenchmark.Result.percentile(sorted, 0.5), HealthLatencyBenchmark.Result.percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1));
    }
}
