package dev.modelperf.toolbox;

import dev.modelperf.toolbox.bench.ThroughputBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the raw produce rate and the topology's processing rate of the same N calls, and their ratio. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure produce and processing throughput of N calls on the embedded stack.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = {"-n", "--events"}, defaultValue = "200000", description = "Calls to produce and process (default ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the calls topic (default ${DEFAULT-VALUE}).")
    private int partitions;

    @Override
    public Integer call() throws Exception {
        try (TemporaryStateDirectory stateDir = TemporaryStateDirectory.create("modelperf-bench-state")) {
            ThroughputBenchmark.Result result = new ThroughputBenchmark(events, partitions).run(stateDir.path());
            System.out.printf(Locale.ROOT, "events                 %,d (%d partitions, exactly_once_v2, 1 stream thread)%n",
                    result.events(), result.partitions());
            System.out.printf(Locale.ROOT, "local stack startup    %,d ms%n", result.stackStartup().toMillis());
            System.out.printf(Locale.ROOT, "produce                %,.0f events/s (%,d ms)%n", result.produceRate(), result.produce().toMillis());
            System.out.printf(Locale.ROOT, "streams startup        %,d ms (to RUNNING)%n", result.streamsStartup().toMillis());
            System.out.printf(Locale.ROOT, "process                %,.0f events/s (%,d ms, RUNNING to committed)%n",
                    result.processRate(), result.process().toMillis());
            System.out.printf(Locale.ROOT, "process / produce      %.2f%n", result.processRate() / result.produceRate());
            System.out.printf(Locale.ROOT, "largest aggregate      %,d bytes serialized (1-minute window, 2 sketches)%n",
                    result.largestAggregateBytes());
            System.out.printf(Locale.ROOT, "process RSS            %,d MiB (broker, producer and streams app in one JVM)%n",
                    result.residentBytes() >> 20);
            return 0;
        }
    }
}
