package dev.modelperf.toolbox.decisions;

import dev.modelperf.events.ModelCall;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Routes requests of {@link DriftWorld} through the real server in real time (the blacklist lives
 * in the topology and runs on the wall clock), at a fixed rate for a fixed time, and the same
 * requests through a simulated {@link GatewayBaseline}; both are measured against the oracle that
 * knows the world's true probabilities at every moment.
 */
public final class DriftScenario {

    /** Health and rankings settings short enough for the outage and the recovery to happen within a run. */
    public static final Map<String, String> SETTINGS = orderedSettings();

    private static final long HEALTH_READ_INTERVAL_MS = 200;

    private final PolicyOptions policy;
    private final long seed;
    private final Duration duration;
    private final int rate;

    public DriftScenario(PolicyOptions policy, long seed, Duration duration, int rate) {
        if (duration.toMillis() < 1000 || rate < 1) {
            throw new IllegalArgumentException("the duration must be at least 1 s and the rate at least 1 request/s");
        }
        this.policy = policy;
        this.seed = seed;
        this.duration = duration;
        this.rate = rate;
    }

    private static Map<String, String> orderedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.commit.interval.ms", "50");
        settings.put("rankings.refresh.interval", "100ms");
        settings.put("health.blacklist.base", "10s");
        settings.put("health.blacklist.max", "40s");
        settings.put("health.ejection.decay", "30s");
        settings.put("health.active.window", "1m");
        settings.put("health.punctuate.interval", "200ms");
        settings.put("routing.half-life", "30s");
        return Map.copyOf(settings);
    }

    /** One request of the run: when it is due (ms from the start), its category, and the draw that decides its outcome. */
    record Request(long atMs, double progress, String category, double draw) {
    }

    List<Request> requests() {
        Random random = new Random(seed);
        int total = (int) (duration.toMillis() * rate / 1000);
        List<Request> requests = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            String category = DriftWorld.CATEGORIES.get(random.nextInt(DriftWorld.CATEGORIES.size()));
            requests.add(new Request(i * 1000L / rate, (double) i / total, category, random.nextDouble()));
        }
        return requests;
    }

    /** Runs it. {@code settings}: the user's, over {@link #SETTINGS}. */
    public DriftResult run(Path stateDir, Map<String, String> settings, Consumer<String> progress) throws Exception {
        Map<String, String> merged = new LinkedHashMap<>(SETTINGS);
        merged.putAll(settings);
        List<Request> requests = requests();
        Outcomes gateway = gateway(requests);
        try (EmbeddedModelPerf server = EmbeddedModelPerf.start(stateDir, DecisionReplay.TENANT, merged)) {
            progress.accept("server settings " + server.settings());
            return modelPerf(server, requests, gateway, progress);
        }
    }

    /** Tallies of one side of the comparison. */
    private static final class Outcomes {
        final Map<String, Long> calls = new LinkedHashMap<>();
        final List<String> chosen = new ArrayList<>();
        final List<Double> cumulativeRegret = new ArrayList<>();
        double successes;
        double regret;
        long inOutage;

        Outcomes() {
            DriftWorld.MODELS.forEach(model -> calls.put(model, 0L));
        }

        void add(Request request, String model) {
            chosen.add(model);
            calls.merge(model, 1L, Long::sum);
            double p = DriftWorld.successProbability(model, request.category(), request.progress());
            regret += DriftWorld.best(request.category(), request.progress()) - p;
            cumulativeRegret.add(regret);
            successes += request.draw() < p ? 1 : 0;
            inOutage += DriftWorld.down(model, request.progress()) ? 1 : 0;
        }
    }

    private Outcomes gateway(List<Request> requests) {
        GatewayBaseline gateway = new GatewayBaseline(DriftWorld.MODELS, seed);
        Outcomes outcomes = new Outcomes();
        for (Request request : requests) {
            String model = gateway.choose(request.atMs());
            outcomes.add(request, model);
            gateway.record(model, request.atMs(), DriftWorld.down(model, request.progress()));
        }
        return outcomes;
    }

    private DriftResult modelPerf(EmbeddedModelPerf server, List<Request> requests, Outcomes gateway, Consumer<String> progress)
            throws Exception {
        ServerApi api = new ServerApi(server.apiUrl());
        awaitAnswering(api);
        Random fallback = new Random(seed ^ 0x5DEECE66DL);
        Outcomes own = new Outcomes();
        long toBlacklisted = 0;
        long drifted = 0;
        long randomPicks = 0;
        Map<String, Instant> healthBlacklisted = Map.of();
        long nextHealthRead = 0;
        long nextReport = 0;
        long started = System.nanoTime();
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            long wait = request.atMs() - elapsedMs(started);
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait);  // pacing to the request rate, not synchronisation
            }
            if (elapsedMs(started) >= nextHealthRead) {
                nextHealthRead = elapsedMs(started) + HEALTH_READ_INTERVAL_MS;
                healthBlacklisted = readBlacklist(api, healthBlacklisted);
            }
            ServerApi.Answer answer = api.recommendation(
                    policy.query(DecisionReplay.TENANT, request.category(), PolicyOptions.requestSeed(seed, i))).join();
            String model = answer.model();
            if (model == null) {
                List<String> allowed = new ArrayList<>(DriftWorld.MODELS);
                allowed.removeAll(answer.blacklisted());
                List<String> from = allowed.isEmpty() ? DriftWorld.MODELS : allowed;
                model = from.get(fallback.nextInt(from.size()));
                randomPicks++;
            }
            // A blacklist read a moment ago still holds if its end is still ahead: it never ends early.
            Instant until = healthBlacklisted.get(model);
            if (answer.blacklisted().contains(model) || until != null && Instant.now().isBefore(until)) {
                toBlacklisted++;
            }
            if (model.equals(DriftWorld.DRIFTING_MODEL) && request.category().equals(DriftWorld.DRIFT_CATEGORY)
                    && request.progress() >= DriftWorld.DRIFT_AT) {
                drifted++;
            }
            own.add(request, model);
            server.client().record(event(i, model, request));
            if (elapsedMs(started) >= nextReport) {
                nextReport = elapsedMs(started) + 10_000;
                progress.accept(String.format(Locale.ROOT, "%,d/%,d requests, %.0f s, regret so far %.4f (gateway %.4f)%s",
                        i + 1, requests.size(), elapsedMs(started) / 1000.0, own.regret / (i + 1), gateway.cumulativeRegret.get(i) / (i + 1),
                        healthBlacklisted.isEmpty() ? "" : ", blacklisted " + healthBlacklisted.keySet()));
            }
        }
        server.client().flush();
        int n = requests.size();
        double vsGateway = 0;
        for (int i = 0; i < n; i++) {
            Request request = requests.get(i);
            vsGateway += DriftWorld.successProbability(gateway.chosen.get(i), request.category(), request.progress())
                    - DriftWorld.successProbability(own.chosen.get(i), request.category(), request.progress());
        }
        return new DriftResult(n, elapsedMs(started) / 1000.0, own.successes / n, own.regret / n, gateway.successes / n,
                gateway.regret / n, vsGateway / n, own.calls, gateway.calls, toBlacklisted, own.inOutage, gateway.inOutage,
                drifted, randomPicks, server.settings());
    }

    private ModelCall event(int index, String model, Request request) {
        String key = "drift-" + seed + "-" + index;
        Instant now = Instant.now();
        double cost = DriftWorld.COST_PER_CALL.get(model);
        if (DriftWorld.down(model, request.progress())) {
            return CallEvents.outage(key, now, model, request.category(), DriftWorld.INPUT_TOKENS, 0);
        }
        double p = DriftWorld.successProbability(model, request.category(), request.progress());
        PromptOutcomes.Outcome outcome = new PromptOutcomes.Outcome(request.draw() < p ? 1 : 0, DriftWorld.INPUT_TOKENS,
                DriftWorld.OUTPUT_TOKENS, cost);
        return CallEvents.graded(key, now, model, request.category(), outcome);
    }

    private static Map<String, Instant> readBlacklist(ServerApi api, Map<String, Instant> previous) throws InterruptedException {
        try {
            return api.blacklisted(DecisionReplay.TENANT);
        } catch (IOException e) {
            return previous;
        }
    }

    private static void awaitAnswering(ServerApi api) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                api.callsSeen(DecisionReplay.TENANT);
                return;
            } catch (IOException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("The query API did not answer within 60 s: " + last);
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
