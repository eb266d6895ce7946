package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ServerChild;
import dev.modelperf.toolbox.soak.IngestLoad;
import dev.modelperf.toolbox.soak.PipelineTally;
import dev.modelperf.toolbox.soak.RssSampler;
import dev.modelperf.toolbox.soak.SoakReport;
import dev.modelperf.toolbox.soak.TopicGarbage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * Nothing lost, nothing doubled, over minutes: the local broker and registry in this JVM, the
 * server as a child JVM, HTTP load with retries and copies, invalid events at the door and on the
 * topics, and the server killed with SIGKILL and restarted on a schedule. At the end every event
 * sent is counted or rejected with a reason, exactly; the server's RSS is sampled throughout.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run load with faults (copies, invalid events, SIGKILL of the server) and check nothing is lost or doubled.")
final class SoakCommand implements Callable<Integer> {

    private static final String TENANT = "soak";
    /** Invalid records go onto the calls topic this often. */
    private static final long GARBAGE_EVERY_MS = 5_000;

    @Option(names = "--minutes", defaultValue = "3", description = "How long the load runs (default ${DEFAULT-VALUE}; fractions allowed).")
    private double minutes;

    @Option(names = "--rate", defaultValue = "100", description = "Calls per second over HTTP ingest (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--kill-every", defaultValue = "60", description = "Seconds between SIGKILLs of the server (default ${DEFAULT-VALUE}).")
    private int killEverySeconds;

    @Option(names = "--rss-every", defaultValue = "5", description = "Seconds between RSS samples of the server (default ${DEFAULT-VALUE}).")
    private int rssEverySeconds;

    @Option(names = "--settle-timeout", defaultValue = "120",
            description = "Seconds to wait after the load for every event to be counted or rejected (default ${DEFAULT-VALUE}).")
    private int settleTimeoutSeconds;

    @Option(names = "--server-heap", defaultValue = "512m", description = "The server JVM's -Xmx (default ${DEFAULT-VALUE}).")
    private String serverHeap;

    @Option(names = "--json", description = "Print the report as JSON (progress still goes to stderr).")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final AtomicReference<ServerChild> server = new AtomicReference<>();
    private final AtomicInteger life = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        Thread reaper = new Thread(() -> {
            ServerChild child = server.get();
            if (child != null && child.isAlive()) {
                ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }, "soak-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        progress("Starting the local Kafka broker and schema registry...");
        try (TemporaryStateDirectory work = TemporaryStateDirectory.create("modelperf-soak");
             LocalStack stack = LocalStack.start();
             PipelineTally tally = new PipelineTally(stack.bootstrapServers());
             TopicGarbage garbage = new TopicGarbage(stack.bootstrapServers(), stack.registryUrl(), TENANT)) {
            SoakReport report = soak(work.path(), stack, tally, garbage);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                out.print(report.render());
            }
            out.flush();
            return report.nothingLostNothingDoubled() ? 0 : 1;
        } finally {
            ServerChild child = server.get();
            if (child != null) {
                child.kill();
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    private SoakReport soak(Path work, LocalStack stack, PipelineTally tally, TopicGarbage garbage) throws Exception {
        int port = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
        settings.put("registry.url", stack.registryUrl());
        settings.put("kafka.application.id", "modelperf-soak");
        settings.put("state.dir", work.resolve("state").toString());
        settings.put("topic.partitions", "3");
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(port));
        // A killed member leaves the group only when its session expires: keep that short, as CrashIT does.
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        startServer(settings, port, work);
        String api = server.get().baseUrl();
        RssSampler rss = new RssSampler();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "soak-rss"));
        if (RssSampler.available()) {
            sampler.scheduleAtFixedRate(() -> rss.sample(server.get().pid(), life.get()), 0, rssEverySeconds, TimeUnit.SECONDS);
        }
        IngestLoad load = new IngestLoad(api, TENANT, rate);
        Thread sender = new Thread(load, "soak-sender");
        List<Double> restarts = new ArrayList<>();
        long duplicatesMetric = 0;
        try {
            progress(String.format("Soaking for %.1f min at %d calls/s over HTTP, a SIGKILL every %d s...", minutes, rate, killEverySeconds));
            long started = System.nanoTime();
            long end = started + (long) (minutes * 60e9);
            long nextKill = started + TimeUnit.SECONDS.toNanos(killEverySeconds);
            long nextGarbage = started + TimeUnit.MILLISECONDS.toNanos(GARBAGE_EVERY_MS);
            long nextProgress = started + TimeUnit.SECONDS.toNanos(10);
            sender.start();
            while (System.nanoTime() < end && load.failure() == null) {
                long now = System.nanoTime();
                if (now >= nextGarbage) {
                    garbage.sendPair();
                    nextGarbage += TimeUnit.MILLISECONDS.toNanos(GARBAGE_EVERY_MS);
                }
                // Never in the last 5 s: every kill lands while events still flow after it.
                if (now >= nextKill && end - now > TimeUnit.SECONDS.toNanos(5)) {
                    duplicatesMetric += Math.max(0, tally.duplicatesDropped(api));
                    restarts.add(killAndRestart(settings, port, work));
                    nextKill = System.nanoTime() + TimeUnit.SECONDS.toNanos(killEverySeconds);
                }
                if (now >= nextProgress) {
                    nextProgress += TimeUnit.SECONDS.toNanos(10);
                    IngestLoad.Sent sent = load.sent();
                    progress(String.format("soak: %3.0f s, %,d calls and %,d feedback acknowledged, server life %d",
                            (now - started) / 1e9, sent.calls(), sent.feedback(), life.get()));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            load.stop();
            sender.join(TimeUnit.SECONDS.toMillis(90));
            if (load.failure() != null) {
                throw new IOException("The load stopped: " + load.failure().getMessage(), load.failure());
            }
            long sentAt = System.nanoTime();
            IngestLoad.Sent sent = load.sent();
            long valid = sent.calls() + sent.feedback();
            progress(String.format("Load done: %,d calls and %,d feedback acknowledged; waiting for the pipeline to settle...",
                    sent.calls(), sent.feedback()));
            PipelineTally.Counted counted = null;
            Map<String, Long> rejected = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settleTimeoutSeconds);
            while (System.nanoTime() < deadline) {
                PipelineTally.Counted now = tally.counted(api, TENANT);
                counted = now == null ? counted : now;
                rejected = tally.rejectedByReason();
                if (counted != null && counted.total() == valid && sum(rejected) == garbage.sent()) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
            double settled = (System.nanoTime() - sentAt) / 1e9;
            duplicatesMetric += Math.max(0, tally.duplicatesDropped(api));
            sampler.shutdownNow();
            long countedTotal = counted == null ? 0 : counted.total();
            long rejectedTotal = sum(rejected);
            long sentTotal = valid + garbage.sent();
            long records = tally.recordsOnInputTopics();
            return new SoakReport(minutes, rate, sentTotal, valid, sent.calls(), sent.feedback(), garbage.sent(), countedTotal,
                    counted == null ? 0 : counted.calls(), counted == null ? 0 : counted.feedback(), sent.reposted(), sent.retried(),
                    records, records - countedTotal - rejectedTotal, duplicatesMetric, rejectedTotal, rejected, sent.refused(),
                    sentTotal - countedTotal - rejectedTotal, Math.max(0, countedTotal - valid), restarts, settled, rss.samples());
        } finally {
            load.stop();
            sampler.shutdownNow();
        }
    }

    private void startServer(Map<String, String> settings, int port, Path work) throws IOException, InterruptedException {
        int next = life.incrementAndGet();
        server.set(ServerChild.start(settings, port, List.of("-Xmx" + serverHeap), work.resolve("server-" + next + ".log"),
                Duration.ofSeconds(120)));
    }

    /** SIGKILLs the server and starts it again on the same state directory; returns the seconds until it was ready. */
    private double killAndRestart(Map<String, String> settings, int port, Path work) throws IOException, InterruptedException {
        long killed = System.nanoTime();
        int exit = server.get().kill();
        progress(String.format("SIGKILL of the server (pid %d, exit %d); restarting...", server.get().pid(), exit));
        startServer(settings, port, work);
        double seconds = (System.nanoTime() - killed) / 1e9;
        progress(String.format("Server ready again after %.1f s (pid %d)", seconds, server.get().pid()));
        return seconds;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void progress(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }
}
