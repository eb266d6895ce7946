package dev.modelperf.query.dashboard;

import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.ModelCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The known calls the dashboard's and {@code modelperf top}'s tests show: two healthy models in
 * {@code code/backend}, one dear and good ({@value #SAGE}), one cheap and weaker ({@value #THRIFT},
 * also in {@code writing/blog}), and {@value #FLAKY}, which three failures in a row blacklist. The
 * calls fall in four minutes of the last quarter hour, so a per-minute series has four points.
 */
public final class DashboardData {

    public static final String TENANT = "dash";
    public static final String SAGE = "acme/sage";
    public static final String THRIFT = "acme/thrift";
    public static final String FLAKY = "nova/flaky:7b";
    /** Minutes back from the current one that hold calls. */
    public static final List<Integer> MINUTES_BACK = List.of(13, 9, 5, 1);
    /** Calls in each of those minutes, and failures after them. */
    public static final int CALLS_PER_MINUTE = 26;
    public static final int FAILURES = 3;

    private DashboardData() {
    }

    /** Every healthy call: 10 of each healthy model and 3 of the flaky one in code/backend, 3 of the cheap one in writing/blog, per minute. */
    public static List<ModelCall> healthyCalls(Instant currentMinute) {
        List<ModelCall> calls = new ArrayList<>();
        for (int minutesBack : MINUTES_BACK) {
            Instant at = currentMinute.minus(Duration.ofMinutes(minutesBack)).plusSeconds(10);
            for (int i = 0; i < 10; i++) {
                calls.add(call(SAGE, "code/backend", at, CallStatus.OK, 900, 0.04, 0.95));
                calls.add(call(THRIFT, "code/backend", at, CallStatus.OK, 900, 0.0004, 0.55));
            }
            for (int i = 0; i < 3; i++) {
                calls.add(call(FLAKY, "code/backend", at, CallStatus.OK, 700, 0.01, 0.7));
                calls.add(call(THRIFT, "writing/blog", at, CallStatus.OK, 400, 0.0002, 0.6));
            }
        }
        return calls;
    }

    /** When the flaky model fails: 40 s into the last minute with calls. Its blacklist lasts an hour from then. */
    public static Instant failuresAt(Instant currentMinute) {
        return currentMinute.minus(Duration.ofMinutes(1)).plusSeconds(40);
    }

    /** Three failures in a row of the flaky model (the blacklist counts server errors and timeouts). */
    public static List<ModelCall> failures(Instant currentMinute) {
        Instant at = failuresAt(currentMinute);
        return List.of(call(FLAKY, "code/backend", at, CallStatus.SERVER_ERROR, 30_000, null, null),
                call(FLAKY, "code/backend", at, CallStatus.TIMEOUT, 30_000, null, null),
                call(FLAKY, "code/backend", at, CallStatus.SERVER_ERROR, 30_000, null, null));
    }

    /** Head-to-head results in code/backend: per pair of models, the first's wins and the second's. */
    public static final List<Object[]> HEAD_TO_HEAD = List.of(
            new Object[] {SAGE, THRIFT, 16, 4}, new Object[] {SAGE, FLAKY, 18, 2}, new Object[] {THRIFT, FLAKY, 14, 6});

    /** One two-model comparison per result of {@link #HEAD_TO_HEAD}, judged at {@code at}: 60 in all, no calls behind them. */
    public static List<Comparison> comparisons(Instant at) {
        List<Comparison> comparisons = new ArrayList<>();
        for (Object[] pair : HEAD_TO_HEAD) {
            for (int i = 0; i < (int) pair[2] + (int) pair[3]; i++) {
                boolean firstWins = i < (int) pair[2];
                comparisons.add(Comparison.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(at).setTenant(TENANT)
                        .setCategory("code/backend").setJudge("judge/test")
                        .setEntries(List.of(ComparisonEntry.newBuilder().setModel((String) pair[0]).setScore(firstWins ? 0.8 : 0.4).build(),
                                ComparisonEntry.newBuilder().setModel((String) pair[1]).setScore(firstWins ? 0.4 : 0.8).build()))
                        .setWinner(firstWins ? (String) pair[0] : (String) pair[1])
                        .build());
            }
        }
        return comparisons;
    }

    /** Records {@code comparisons} and waits until the broker has acknowledged each. */
    public static void recordComparisons(ModelPerfClient client, List<Comparison> comparisons) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        comparisons.forEach(comparison -> sends.add(client.recordComparison(comparison)));
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    /** Records {@code calls} and waits until the broker has acknowledged each. */
    public static void record(ModelPerfClient client, List<ModelCall> calls) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        calls.forEach(call -> sends.add(client.record(call)));
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    public static ModelCall call(String model, String category, Instant at, CallStatus status, long latencyMs, Double costUsd,
                                 Double quality) {
        return ModelCall.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(at).setTenant(TENANT).setModel(model)
                .setProvider(model.substring(0, model.indexOf('/'))).setCategory(category).setLatencyMs(latencyMs)
                .setInputTokens(100).setOutputTokens(50).setCostUsd(costUsd).setQualityScore(quality).setStatus(status).build();
    }
}
