package dev.modelperf.toolbox.decisions;

import dev.modelperf.events.ModelCall;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Replays a data set's prompts through the real pipeline as bandit feedback: for each prompt the
 * server's {@code /api/v1/recommendation} picks a model for the prompt's category, only that
 * model's outcome is revealed and recorded as a call, and the server learns from nothing else.
 *
 * <p>Fast because it goes in batches: the recommendations of a batch's prompts are asked at once
 * (from the same rankings snapshot), the batch's calls are recorded, and the next batch waits
 * until the rankings count every call sent so far — a condition with a deadline, with the
 * streams commit and rankings refresh intervals shortened so that it holds within a few tenths
 * of a second.
 */
public final class DecisionReplay {

    /** The settings a replay runs the server with unless {@code --set} says otherwise. */
    public static final Map<String, String> SETTINGS = Map.of(
            "kafka.commit.interval.ms", "50",
            "rankings.refresh.interval", "100ms");

    static final String TENANT = "bench-decisions";
    private static final Duration CATCH_UP_DEADLINE = Duration.ofSeconds(60);

    private final PromptOutcomes data;
    private final PolicyOptions policy;
    private final long seed;
    private final int batch;

    public DecisionReplay(PromptOutcomes data, PolicyOptions policy, long seed, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1 (was " + batch + ")");
        }
        this.data = data;
        this.policy = policy;
        this.seed = seed;
        this.batch = batch;
    }

    /** The prompts in the order a replay seeded {@code seed} asks them. */
    static List<PromptOutcomes.Prompt> order(PromptOutcomes data, long seed) {
        List<PromptOutcomes.Prompt> order = new ArrayList<>(data.prompts());
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    /**
     * Runs the replay on a fresh embedded stack. {@code settings}: the user's server settings, over
     * {@link #SETTINGS}; {@code progress} is told the prompts done after each batch.
     */
    public ReplayResult run(Path stateDir, Map<String, String> settings, Consumer<String> progress) throws Exception {
        Map<String, String> merged = new LinkedHashMap<>(SETTINGS);
        merged.putAll(settings);
        try (EmbeddedModelPerf server = EmbeddedModelPerf.start(stateDir, TENANT, merged)) {
            progress.accept("server settings " + server.settings());
            return replay(server, progress);
        }
    }

    private ReplayResult replay(EmbeddedModelPerf server, Consumer<String> progress) throws Exception {
        ServerApi api = new ServerApi(server.apiUrl());
        List<PromptOutcomes.Prompt> order = order(data, seed);
        Random fallback = new Random(seed ^ 0x5DEECE66DL);
        Map<String, Long> calls = new LinkedHashMap<>();
        data.models().forEach(model -> calls.put(model, 0L));
        double score = 0;
        double cost = 0;
        long randomPicks = 0;
        long started = System.nanoTime();
        long nextReport = started;
        awaitCounted(api, server, TENANT, 0);
        for (int from = 0; from < order.size(); from += batch) {
            int to = Math.min(order.size(), from + batch);
            List<CompletableFuture<ServerApi.Answer>> answers = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                answers.add(api.recommendation(policy.query(TENANT, order.get(i).category(), PolicyOptions.requestSeed(seed, i))));
            }
            Instant now = Instant.now();
            for (int i = from; i < to; i++) {
                PromptOutcomes.Prompt prompt = order.get(i);
                String model = answers.get(i - from).join().model();
                if (model == null || !prompt.outcomes().containsKey(model)) {
                    model = data.models().get(fallback.nextInt(data.models().size()));
                    randomPicks++;
                }
                PromptOutcomes.Outcome outcome = prompt.of(model);
                score += outcome.score();
                cost += outcome.costUsd();
                calls.merge(model, 1L, Long::sum);
                ModelCall call = CallEvents.graded("replay-" + seed + "-" + i, now, model, prompt.category(), outcome);
                server.client().record(call);
            }
            server.client().flush();
            awaitCounted(api, server, TENANT, to);
            if (System.nanoTime() >= nextReport || to == order.size()) {
                nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                progress.accept(String.format(java.util.Locale.ROOT, "%,d/%,d prompts, accuracy so far %.4f, %.0f s",
                        to, order.size(), score / to, (System.nanoTime() - started) / 1e9));
            }
        }
        int n = order.size();
        return new ReplayResult(n, score / n, 1000 * cost / n, calls, randomPicks,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), server.settings());
    }

    /**
     * Waits until the rankings count {@code sent} calls of {@code tenant}, then for the snapshot after that one, so
     * that the next batch is decided on all of them at every category level: a snapshot read while
     * the topology was still writing a call's levels can count it at {@code *} and miss it below.
     */
    static void awaitCounted(ServerApi api, EmbeddedModelPerf server, String tenant, long sent) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_DEADLINE.toNanos();
        long seen = -1;
        String completeAsOf = null;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                ServerApi.Counted counted = api.callsSeen(tenant);
                seen = counted.calls();
                if (completeAsOf != null && !counted.asOf().equals(completeAsOf)) {
                    return;
                }
                if (completeAsOf == null && seen >= sent) {
                    completeAsOf = counted.asOf();
                }
            } catch (IOException e) {
                last = e;
            }
            if (!server.running()) {
                throw new IllegalStateException("The streams app stopped during the replay; see the log");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IllegalStateException("The rankings counted " + seen + " of " + sent + " calls after "
                + CATCH_UP_DEADLINE.toSeconds() + " s" + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }
}
