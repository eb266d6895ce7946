package dev.modelperf.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link RecordBenchmark} and {@link ChooseBenchmark} (or those whose name matches the first
 * argument) and prints the caller-time percentiles of {@code record()} (goal: p99 at most 50 µs)
 * and of {@code ModelRouter.choose()} (goal: p99 at most 5 µs).
 */
public final class ClientBenchmarks {

    private ClientBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(args.length > 0 && !args[0].isBlank() ? args[0] : "dev.modelperf.bench.(Record|Choose)Benchmark")
                .build()).run();
        System.out.println();
        System.out.println("Time on the caller's thread (JMH SampleTime, 1 thread, embedded broker):");
        System.out.printf(Locale.ROOT, "  %-28s %10s %9s %9s %9s %9s %9s%n", "benchmark", "samples", "p50 µs", "p90 µs", "p99 µs",
                "p99.9 µs", "max µs");
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.(\\w+)\\.(\\w+)$", "$1.$2");
            String param = result.getParams().getParam("load") != null ? result.getParams().getParam("load")
                    : result.getParams().getParam("mode");
            Statistics statistics = result.getPrimaryResult().getStatistics();
            System.out.printf(Locale.ROOT, "  %-28s %,10d %9.2f %9.2f %9.2f %9.2f %9.0f%n",
                    name.replace("Benchmark", "") + " " + param, statistics.getN(), statistics.getPercentile(50),
                    statistics.getPercentile(90), statistics.getPercentile(99), statistics.getPercentile(99.9),
                    statistics.getMax());
        }
    }
}
