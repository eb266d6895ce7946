package dev.modelperf.client.load;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic, reproducible LLM traffic: ten models with their own latency, price and reliability,
 * spread over ten task categories, one of them ({@link #FAILING_MODEL}) failing most calls. The
 * demo and the benchmark draw from it; the same seed gives the same calls.
 */
public final class SyntheticTraffic {

    /** The model whose calls mostly fail, so that failures are visible in every view. */
    public static final String FAILING_MODEL = "qwen2.5-coder:32b";

    /** A model's behaviour: median latency, success probability, USD per 1k tokens (0 = self-hosted). */
    public record ModelProfile(String model, String provider, double medianLatencyMs, double successRate, double usdPer1kTokens) {
    }

    public static final List<ModelProfile> MODELS = List.of(
            new ModelProfile("openai/gpt-4o", "openai", 900, 0.985, 0.0075),
            new ModelProfile("openai/gpt-4o-mini", "openai", 420, 0.985, 0.0004),
            new ModelProfile("anthropic/claude-sonnet-4", "anthropic", 1100, 0.992, 0.009),
            new ModelProfile("anthropic/claude-haiku-4", "anthropic", 380, 0.988, 0.0012),
            new ModelProfile("google/gemini-2.5-pro", "google", 1300, 0.975, 0.006),
            new ModelProfile("google/gemini-2.5-flash", "google", 300, 0.98, 0.0005),
            new ModelProfile("mistral/mistral-large", "mistral", 800, 0.965, 0.004),
            new ModelProfile("llama3:70b", "ollama", 1500, 0.95, 0),
            new ModelProfile("deepseek/deepseek-chat", "deepseek", 1000, 0.94, 0.0008),
            new ModelProfile(FAILING_MODEL, "ollama", 2500, 0.35, 0));

    public static final List<String> CATEGORIES = List.of(
            "code/backend/api", "code/frontend/react", "code/debugging", "writing/marketing", "writing/technical",
            "analysis/data", "support/customer", "summarization/documents", "translation", "math/reasoning");

    private static final CallStatus[] FAILURES = {
        CallStatus.SERVER_ERROR, CallStatus.TIMEOUT, CallStatus.RATE_LIMITED, CallStatus.SERVER_ERROR, CallStatus.CLIENT_ERROR};
    private static final Complexity[] COMPLEXITIES = {Complexity.LOW, Complexity.MEDIUM, Complexity.HIGH};

    private final SplittableRandom random;

    public SyntheticTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next call, made at {@code at}. */
    public ModelCall next(Instant at) {
        ModelProfile profile = MODELS.get(random.nextInt(MODELS.size()));
        String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
        Complexity complexity = COMPLEXITIES[random.nextInt(COMPLEXITIES.length)];
        boolean success = random.nextDouble() < profile.successRate();
        CallStatus status = success ? CallStatus.OK : FAILURES[random.nextInt(FAILURES.length)];
        // Log-normal latency around the model's median, longer for harder tasks.
        double hardness = 1 + 0.4 * complexity.ordinal();
        long latency = Math.max(20, Math.round(profile.medianLatencyMs() * hardness * Math.exp(0.45 * gaussian())));
        if (status == CallStatus.TIMEOUT) {
            latency = 30_000;
        }
        long input = 200 + random.nextInt(1_800);
        long output = success ? 50 + random.nextInt(900) : 0;
        return ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(at)
                .setModel(profile.model())
                .setProvider(profile.provider())
                .setOperation("chat")
                .setCategory(category)
                .setComplexity(complexity)
                .setLatencyMs(latency)
                .setTimeToFirstTokenMs(success ? Math.min(latency, Math.round(latency * 0.25)) : null)
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCostUsd(profile.usdPer1kTokens() == 0 ? null : (input + output) / 1000.0 * profile.usdPer1kTokens())
                .setStatus(status)
                .setErrorType(success ? null : status.name().toLowerCase())
                .setErrorMessage(success ? null : "synthetic " + status.name().toLowerCase().replace('_', ' '))
                .setAttributes(Map.of())
                .build();
    }

    private double gaussian() {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
