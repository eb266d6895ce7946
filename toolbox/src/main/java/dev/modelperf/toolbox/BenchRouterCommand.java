package dev.modelperf.toolbox;

import dev.modelperf.toolbox.bench.RouterLoadBenchmark;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the latency a router sees from {@code /api/v1/recommendation} and {@code /rankings} at a fixed request rate. */
@Command(name = "bench-router", mixinStandardHelpOptions = true,
        description = "Measure recommendation and rankings latency at a fixed request rate against one instance on the "
                + "embedded stack, while synthetic traffic keeps flowing.")
final class BenchRouterCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "2000", description = "Requests per second (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "Seconds at the same rate first, not counted (default ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Option(names = "--backfill", defaultValue = "100000", description = "Calls spread over the last hour before the run (default ${DEFAULT-VALUE}).")
    private long backfill;

    @Option(names = "--ingest-rate", defaultValue = "100", description = "Calls per second sent during the run (default ${DEFAULT-VALUE}).")
    private int ingestRate;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || seconds < 1 || warmupSeconds < 0 || backfill < 1 || ingestRate < 1) {
            System.err.println("--rate, --seconds, --backfill and --ingest-rate must be at least 1, --warmup at least 0");
            return 2;
        }
        try (TemporaryStateDirectory stateDir = TemporaryStateDirectory.create("modelperf-bench-router-state")) {
            RouterLoadBenchmark.Result result = new RouterLoadBenchmark(rate, Duration.ofSeconds(seconds),
                    Duration.ofSeconds(warmupSeconds), backfill, ingestRate).run(stateDir.path());
            System.out.printf(Locale.ROOT, "requests  %,d in %d s (%.0f/s achieved, %d/s asked), 70 %% recommendation, 30 %% rankings%n",
                    result.latenciesMicros().length, seconds, result.achievedRate(), rate);
            System.out.printf(Locale.ROOT, "data      %,d calls backfilled over the last hour, %d calls/s flowing during the run%n",
                    result.backfill(), result.ingestRate());
            System.out.printf(Locale.ROOT, "latency   p50 %.2f ms   p99 %.2f ms   p99.9 %.2f ms   max %.2f ms%n",
                    result.percentileMs(0.5), result.percentileMs(0.99), result.percentileMs(0.999), result.maxMs());
            System.out.printf(Locale.ROOT, "failures  %d (not 200)%n", result.failures());
            return result.failures() == 0 ? 0 : 1;
        }
    }
}
