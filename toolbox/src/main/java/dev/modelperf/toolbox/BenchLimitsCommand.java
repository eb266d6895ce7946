package dev.modelperf.toolbox;

import dev.modelperf.toolbox.bench.NameFloodBenchmark;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints what a tenant sending random model names and categories costs the server: memory and the size of its rankings. */
@Command(name = "bench-limits", mixinStandardHelpOptions = true,
        description = "Send calls with a random model name and category each to a server of its own (embedded broker and "
                + "registry), and print the server's VmRSS before and after and the size of the tenant's rankings answer.")
final class BenchLimitsCommand implements Callable<Integer> {

    @Option(names = "--requests", defaultValue = "40", description = "Requests (batches) sent (default ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--per-request", defaultValue = "500", description = "Calls in each request (default ${DEFAULT-VALUE}, at most 1000).")
    private int perRequest;

    @Option(names = "--via", defaultValue = "http", description = "http (ingest, POST /api/v1/events/calls) or kafka "
            + "(the client, straight to the calls topic: the stream alone decides) (default ${DEFAULT-VALUE}).")
    private String via;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random names (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--set", description = "A server setting, key=value (repeatable), e.g. --set limits.models.per.tenant=1000000.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || perRequest < 1 || perRequest > 1_000 || !(via.equals("http") || via.equals("kafka"))) {
            System.err.println("--requests must be at least 1, --per-request between 1 and 1000, --via http or kafka");
            return 2;
        }
        NameFloodBenchmark.Via route = via.equals("http") ? NameFloodBenchmark.Via.HTTP : NameFloodBenchmark.Via.KAFKA;
        try (TemporaryStateDirectory work = TemporaryStateDirectory.create("modelperf-bench-limits")) {
            NameFloodBenchmark.Result r = new NameFloodBenchmark(requests, perRequest, route, seed, overrides).run(work.path());
            System.out.printf(Locale.ROOT, "server    pid %d, its own JVM; settings over the defaults: %s%n", r.pid(),
                    r.settings().isEmpty() ? "none" : r.settings());
            System.out.printf(Locale.ROOT, "sent      %,d requests of %,d calls via %s, a random model and category each (tenant %s)%n",
                    requests, perRequest, via, NameFloodBenchmark.TENANT);
            if (!r.answers().isEmpty()) {
                System.out.printf(Locale.ROOT, "answers   %s (HTTP status: requests)%n", r.answers());
            }
            System.out.printf(Locale.ROOT, "stored    %,d calls on the calls topic; %,d counted, %,d dead-lettered (settled in %.1f s)%n",
                    r.stored(), r.counted(), r.deadLettered(), r.settleTime().toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "VmRSS     %,d MiB before, %,d MiB after (%+,d MiB)%n", r.rssBeforeKiB() / 1024,
                    r.rssAfterKiB() / 1024, (r.rssAfterKiB() - r.rssBeforeKiB()) / 1024);
            System.out.printf(Locale.ROOT, "rankings  GET /api/v1/rankings?tenant=%s&window=1h: %,d bytes, %,d models%n",
                    NameFloodBenchmark.TENANT, r.rankingsBytes(), r.rankedModels());
            return 0;
        }
    }
}
