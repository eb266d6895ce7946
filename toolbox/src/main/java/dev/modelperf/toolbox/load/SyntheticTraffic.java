package dev.modelperf.toolbox.load;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic, reproducible LLM traffic. Ten models with their own latency, price and reliability,
 * each better at some kinds of task than others (quality, success and speed per category); one
 * ({@link #FAILING_MODEL}) fails most calls; and every model has outages that start and stop
 * (a few minutes in which nearly every call fails, placed by the seed and the event time).
 * {@link #feedbackFor} judges a share of the calls, more kindly where the model is good at the
 * task. The same seed gives the same events: each call and each feedback decision consumes the
 * same number of random draws whatever its outcome, so counts do not depend on the event times.
 * For traffic placed by a router, {@link #nextRequest} and {@link #call} split {@link #next}: the
 * request, then what calling the chosen model gives. Safe for concurrent use.
 */
public final class SyntheticTraffic {

    /** The model whose calls mostly fail, so that failures are visible in every view. */
    public static final String FAILING_MODEL = "qwen2.5-coder:32b";

    /** The share of calls that get feedback unless the constructor says otherwise. */
    public static final double DEFAULT_FEEDBACK_SHARE = 0.2;

    /** Outages are placed in slots of this length: at most one per model and slot. */
    public static final Duration OUTAGE_SLOT = Duration.ofMinutes(10);

    private static final double OUTAGE_PROBABILITY = 0.08;
    private static final double OUTAGE_SUCCESS_RATE = 0.05;

    /** A model's behaviour: median latency, success probability, USD per 1k tokens (0 = self-hosted). */
    public record ModelProfile(String model, String provider, double medianLatencyMs, double successRate, double usdPer1kTokens) {
    }

    /** A task category's shape: how much slower than a chat turn, and how many tokens go in and come out. */
    public record CategoryProfile(String category, double latencyFactor, int minInputTokens, int maxInputTokens,
                                  int minOutputTokens, int maxOutputTokens) {
    }

    /** A window in which a model's calls nearly all fail. */
    public record Outage(String model, Instant start, Instant end) {
        public boolean covers(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
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

    public static final List<CategoryProfile> CATEGORY_PROFILES = List.of(
            new CategoryProfile("code/backend/api", 1.3, 400, 3000, 200, 1500),
            new CategoryProfile("code/frontend/react", 1.2, 400, 2500, 200, 1200),
            new CategoryProfile("code/debugging", 1.4, 800, 4000, 150, 900),
            new CategoryProfile("writing/marketing", 0.9, 100, 600, 150, 700),
            new CategoryProfile("writing/technical", 1.1, 300, 1500, 300, 1500),
            new CategoryProfile("analysis/data", 1.5, 1000, 6000, 200, 1000),
            new CategoryProfile("support/customer", 0.7, 150, 800, 80, 400),
            new CategoryProfile("summarization/documents", 1.6, 3000, 12000, 100, 500),
            new CategoryProfile("translation", 0.8, 100, 1200, 100, 1200),
            new CategoryProfile("math/reasoning", 1.8, 80, 500, 200, 1500));

    public static final List<String> CATEGORIES = CATEGORY_PROFILES.stream().map(CategoryProfile::category).toList();

    /** How good each model is at a kind of task (first path segment), 0..1; 0.75 where not listed. */
    private static final Map<String, Map<String, Double>> QUALITY = Map.of(
            "openai/gpt-4o", Map.of("analysis", 0.9, "math", 0.88, "code", 0.85),
            "openai/gpt-4o-mini", Map.of("support", 0.8, "math", 0.6, "code", 0.65),
            "anthropic/claude-sonnet-4", Map.of("code", 0.95, "writing", 0.9, "analysis", 0.85),
            "anthropic/claude-haiku-4", Map.of("support", 0.85, "summarization", 0.8, "math", 0.6),
            "google/gemini-2.5-pro", Map.of("summarization", 0.92, "analysis", 0.88, "math", 0.9),
            "google/gemini-2.5-flash", Map.of("summarization", 0.85, "translation", 0.85, "code", 0.62),
            "mistral/mistral-large", Map.of("translation", 0.92, "writing", 0.8),
            "llama3:70b", Map.of("translation", 0.55, "math", 0.5, "support", 0.78),
            "deepseek/deepseek-chat", Map.of("code", 0.9, "math", 0.92, "writing", 0.55),
            FAILING_MODEL, Map.of("code", 0.7, "writing", 0.4));

    private static final CallStatus[] FAILURES = {
        CallStatus.SERVER_ERROR, CallStatus.TIMEOUT, CallStatus.RATE_LIMITED, CallStatus.SERVER_ERROR, CallStatus.CLIENT_ERROR};
    private static final CallStatus[] OUTAGE_FAILURES = {CallStatus.SERVER_ERROR, CallStatus.TIMEOUT, CallStatus.SERVER_ERROR};
    private static final Complexity[] COMPLEXITIES = {Complexity.LOW, Complexity.MEDIUM, Complexity.HIGH};

    private final long seed;
    private final double feedbackShare;
    private final SplittableRandom random;

    public SyntheticTraffic(long seed) {
        this(seed, DEFAULT_FEEDBACK_SHARE);
    }

    /** {@code feedbackShare}: the share of calls {@link #feedbackFor} judges, 0..1. */
    public SyntheticTraffic(long seed, double feedbackShare) {
        if (!(feedbackShare >= 0 && feedbackShare <= 1)) {
            throw new IllegalArgumentException("feedbackShare must be between 0 and 1 (was " + feedbackShare + ")");
        }
        this.seed = seed;
        this.feedbackShare = feedbackShare;
        this.random = new SplittableRandom(seed);
    }

    /** How good {@code model} is at {@code category}, 0..1. */
    public static double quality(String model, String category) {
        return QUALITY.getOrDefault(model, Map.of()).getOrDefault(CategoryPath.topLevel(category), 0.75);
    }

    /** The outage of {@code model} at {@code at}, if one is under way. */
    public Optional<Outage> outageAt(String model, Instant at) {
        long slotMs = OUTAGE_SLOT.toMillis();
        long slot = Math.floorDiv(at.toEpochMilli(), slotMs);
        SplittableRandom slotRandom = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ model.hashCode() * 31L ^ slot);
        if (slotRandom.nextDouble() >= OUTAGE_PROBABILITY) {
            return Optional.empty();
        }
        long offset = slotRandom.nextLong(slotMs / 2);
        long length = Duration.ofMinutes(2).toMillis() + slotRandom.nextLong(Duration.ofMinutes(3).toMillis());
        Instant start = Instant.ofEpochMilli(slot * slotMs + offset);
        Outage outage = new Outage(model, start, start.plusMillis(length));
        return outage.covers(at) ? Optional.of(outage) : Optional.empty();
    }

    /** The next call, made at {@code at}: to a model picked at random, as a router that knows nothing would. */
    public synchronized ModelCall next(Instant at) {
        ModelProfile profile = MODELS.get(random.nextInt(MODELS.size()));
        return call(profile, nextRequest(), at);
    }

    /** A request a router has to place: its task category and complexity. */
    public record Request(String category, Complexity complexity) {
    }

    /** The next request, drawn as {@link #next} draws a call's category and complexity. */
    public synchronized Request nextRequest() {
        CategoryProfile category = CATEGORY_PROFILES.get(random.nextInt(CATEGORY_PROFILES.size()));
        return new Request(category.category(), COMPLEXITIES[random.nextInt(COMPLEXITIES.length)]);
    }

    /**
     * What calling {@code model} (one of {@link #MODELS}) with {@code request} at {@code at} gives:
     * the outcome, latency, tokens and quality drawn from that model's profile, its outages included.
     */
    public synchronized ModelCall call(String model, Request request, Instant at) {
        return call(profile(model), request, at);
    }

    private static ModelProfile profile(String model) {
        for (ModelProfile profile : MODELS) {
            if (profile.model().equals(model)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("No synthetic model " + model + "; the models are " + MODELS.stream()
                .map(ModelProfile::model).toList());
    }

    private static CategoryProfile categoryProfile(String category) {
        for (CategoryProfile profile : CATEGORY_PROFILES) {
            if (profile.category().equals(category)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("No synthetic category " + category + "; the categories are " + CATEGORIES);
    }

    private ModelCall call(ModelProfile profile, Request request, Instant at) {
        CategoryProfile category = categoryProfile(request.category());
        Complexity complexity = request.complexity();
        double successDraw = random.nextDouble();
        int failureDraw = random.nextInt(FAILURES.length * OUTAGE_FAILURES.length);
        double latencyNoise = gaussian();
        double inputDraw = random.nextDouble();
        double outputDraw = random.nextDouble();
        double qualityNoise = random.nextDouble();
        UUID eventId = uuid();

        double quality = quality(profile.model(), category.category());
        boolean inOutage = outageAt(profile.model(), at).isPresent();
        // A model weak at a task also fails it a little more often (refusals, malformed output, retries).
        double successRate = inOutage ? OUTAGE_SUCCESS_RATE : profile.successRate() - Math.max(0, 0.7 - quality) * 0.1;
        boolean success = successDraw < successRate;
        CallStatus status = success ? CallStatus.OK
                : inOutage ? OUTAGE_FAILURES[failureDraw % OUTAGE_FAILURES.length] : FAILURES[failureDraw % FAILURES.length];
        // Log-normal latency around the model's median, longer for harder tasks and heavier categories.
        double hardness = (1 + 0.4 * complexity.ordinal()) * category.latencyFactor();
        long latency = Math.max(20, Math.round(profile.medianLatencyMs() * hardness * Math.exp(0.45 * latencyNoise)));
        if (status == CallStatus.TIMEOUT) {
            latency = 30_000;
        }
        long input = category.minInputTokens() + Math.round(inputDraw * (category.maxInputTokens() - category.minInputTokens()));
        long output = success
                ? category.minOutputTokens() + Math.round(outputDraw * (category.maxOutputTokens() - category.minOutputTokens()))
                : 0;
        return ModelCall.newBuilder()
                .setEventId(eventId.toString())
                .setTimestamp(at)
                .setModel(profile.model())
                .setProvider(profile.provider())
                .setOperation("chat")
                .setCategory(category.category())
                .setComplexity(complexity)
                .setLatencyMs(latency)
                .setTimeToFirstTokenMs(success ? Math.min(latency, Math.round(latency * 0.25)) : null)
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCostUsd(profile.usdPer1kTokens() == 0 ? null : (input + output) / 1000.0 * profile.usdPer1kTokens())
                .setStatus(status)
                .setErrorType(success ? null : status.name().toLowerCase())
                .setErrorMessage(success ? null : (inOutage ? "synthetic outage: " : "synthetic ")
                        + status.name().toLowerCase().replace('_', ' '))
                .setQualityScore(success ? Math.min(1, Math.max(0, quality + (qualityNoise - 0.5) * 0.2)) : null)
                .setAttributes(Map.of())
                .build();
    }

    /**
     * A judgement of {@code call} for the configured share of calls, given some seconds after the
     * call ended: thumbs up more often where the model is good at the task, always down for a
     * failed call; judges also give 1-5 scores and name the model and category, users leave them
     * to the pipeline to find.
     */
    public synchronized Optional<Feedback> feedbackFor(ModelCall call) {
        double shareDraw = random.nextDouble();
        double sourceDraw = random.nextDouble();
        double ratingDraw = random.nextDouble();
        double scoreNoise = random.nextDouble();
        double implementedDraw = random.nextDouble();
        long delayMs = 1_000 + random.nextLong(59_000);
        UUID eventId = uuid();
        if (shareDraw >= feedbackShare) {
            return Optional.empty();
        }
        boolean ok = call.getStatus() == CallStatus.OK;
        double quality = quality(call.getModel(), call.getCategory());
        int rating = !ok ? -1 : ratingDraw < quality ? 1 : ratingDraw < quality + 0.1 ? 0 : -1;
        boolean judge = sourceDraw < 0.2;
        Feedback.Builder feedback = Feedback.newBuilder()
                .setEventId(eventId.toString())
                .setTimestamp(call.getTimestamp().plusMillis(call.getLatencyMs() + delayMs))
                .setTenant(call.getTenant())
                .setCallEventId(call.getEventId())
                .setSource(judge ? FeedbackSource.JUDGE : FeedbackSource.USER)
                .setRating(rating)
                .setHelpful(rating > 0);
        if (judge) {
            int overall = !ok ? 1 : (int) Math.max(1, Math.min(5, Math.round(1 + 4 * quality + (scoreNoise - 0.5))));
            feedback.setOverall(overall).setAccuracy(overall).setRelevance(Math.min(5, overall + 1))
                    .setModel(call.getModel()).setCategory(call.getCategory());
        }
        if (call.getCategory().startsWith("code/")) {
            feedback.setImplemented(ok && implementedDraw < quality);
        }
        return Optional.of(feedback.build());
    }

    /** A version-4 UUID from the seeded generator, so that event ids are reproducible too. */
    private UUID uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~0xC000_0000_0000_0000L) | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }

    private double gaussian() {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
