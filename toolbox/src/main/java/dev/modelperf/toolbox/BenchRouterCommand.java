package dev.modelperf.toolbox;

import dev.modelperf.toolbox.bench.RouterLoadBenchmark;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the latency a router sees deciding over HTTP and in-process ({@code ModelRouter.choose()}) at fixed request rates. */
@Command(name = "bench-router", mixinStandardHelpOptions = true,
        description = "Measure decision latency at fixed request rates over HTTP (recommendation and rankings, one instance) "
                + "and in-process (ModelRouter.choose()) on the embedded stack, while synthetic traffic keeps flowing.")
final class BenchRouterCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "500,1000,2000", split = ",",
            description = "Requests per second, one run per rate on each path (default ${DEFAULT-VALUE}).")
    private List<Integer> rates;

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
        if (rates.stream().anyMatch(rate -> rate < 1) || seconds < 1 || warmupSeconds < 0 || backfill < 1 || ingestRate < 1) {
            System.err.println("--rate, --seconds, --backfill and --ingest-rate must be at least 1, --warmup at least 0");
            return 2;
        }
        try (TemporaryStateDirectory stateDir = TemporaryStateDirectory.create("modelperf-bench-router-state")) {
            List<RouterLoadBenchmark.RateResult> results = new RouterLoadBenchmark(rates, Duration.ofSeconds(seconds),
                    Duration.ofSeconds(warmupSeconds), backfill, ingestRate).run(stateDir.path());
            System.out.printf(Locale.ROOT, "data      %,d calls backfilled over the last hour, %d calls/s flowing during the run%n",
                    backfill, ingestRate);
            System.out.printf(Locale.ROOT, "HTTP      70 %% /recommendation, 30 %% /rankings, Jetty client, at most 64 connections%n");
            System.out.printf(Locale.ROOT, "in-proc   ModelRouter.choose(), mode=sample, one caller thread, decisions topic%n");
            System.out.printf(Locale.ROOT, "%d s measured per rate and path after %d s of warm-up; latency from when each request was due%n",
                    seconds, warmupSeconds);
            System.out.printf(Locale.ROOT, "%-9s %7s %10s %11s %11s %11s %11s %9s%n", "path", "rate", "achieved", "p50", "p99",
                    "p99.9", "max", "failures");
            long failures = 0;
            for (RouterLoadBenchmark.RateResult result : results) {
                print("HTTP", result.rate(), result.http());
                print("in-proc", result.rate(), result.inProcess());
                failures += result.http().failures() + result.inProcess().failures();
            }
            System.out.printf(Locale.ROOT, "in-proc, the choose() call alone (without waiting for the request to be due):%n");
            for (RouterLoadBenchmark.RateResult result : results) {
                RouterLoadBenchmark.Result in = result.inProcess();
                System.out.printf(Locale.ROOT, "          %5d/s   p50 %7.2f µs   p99 %7.2f µs   p99.9 %8.2f µs%n", result.rate(),
                        in.callPercentileMicros(0.5), in.callPercentileMicros(0.99), in.callPercentileMicros(0.999));
            }
            return failures == 0 ? 0 : 1;
        }
    }

    private static void print(String path, int rate, RouterLoadBenchmark.Result result) {
        System.out.printf(Locale.ROOT, "%-9s %5d/s %8.0f/s %8.3f ms %8.3f ms %8.3f ms %8.3f ms %9d%n", path, rate, result.achievedRate(),
                result.percentileMs(0.5), result.percentileMs(0.99), result.percentileMs(0.999), result.maxMs(), result.failures());
    }
}
