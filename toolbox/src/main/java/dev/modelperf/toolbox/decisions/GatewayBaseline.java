package dev.modelperf.toolbox.decisions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a plain LLM gateway does, for comparison: a random model among those not cooling down; a
 * model that fails {@value #FAILURES} times within {@link #WINDOW_MS} ms cools down for
 * {@link #COOLDOWN_MS} ms. It sees errors only, never the quality of an answer.
 */
public final class GatewayBaseline {

    static final int FAILURES = 3;
    static final long WINDOW_MS = 60_000;
    static final long COOLDOWN_MS = 5_000;

    private final List<String> models;
    private final Random random;
    private final Map<String, Deque<Long>> failures = new HashMap<>();
    private final Map<String, Long> coolingUntil = new HashMap<>();

    public GatewayBaseline(List<String> models, long seed) {
        this.models = List.copyOf(models);
        this.random = new Random(seed);
    }

    /** The model for a request at {@code nowMs}: random among those not cooling down (among all when every one is). */
    public String choose(long nowMs) {
        List<String> available = new ArrayList<>();
        for (String model : models) {
            if (!coolingDown(model, nowMs)) {
                available.add(model);
            }
        }
        List<String> from = available.isEmpty() ? models : available;
        return from.get(random.nextInt(from.size()));
    }

    public boolean coolingDown(String model, long nowMs) {
        return nowMs < coolingUntil.getOrDefault(model, Long.MIN_VALUE);
    }

    /** Tells the gateway how a call to {@code model} at {@code nowMs} ended: {@code failed} for an error (not a poor answer). */
    public void record(String model, long nowMs, boolean failed) {
        if (!failed) {
            return;
        }
        Deque<Long> recent = failures.computeIfAbsent(model, m -> new ArrayDeque<>());
        recent.addLast(nowMs);
        while (!recent.isEmpty() && recent.peekFirst() <= nowMs - WINDOW_MS) {
            recent.removeFirst();
        }
        if (recent.size() >= FAILURES) {
            coolingUntil.put(model, nowMs + COOLDOWN_MS);
            recent.clear();
        }
    }
}
