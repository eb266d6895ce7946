package dev.modelperf.toolbox.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calibration of {@code /api/v1/predict} on a data set: the prompts in a seeded random order, the
 * first part's outcomes recorded as calls of every model (the server learns from them), then the
 * success of every model on each held-out prompt predicted and scored against what it did.
 *
 * <p>The data sets give no complexity, so the prompt's length stands in for it: the tertiles of the
 * training prompts' input tokens (the mean over the file's models) are LOW, MEDIUM and HIGH. Each
 * held-out prompt is predicted twice: with its length tertile as complexity, and with none (the
 * category's rate over every complexity, as for UNKNOWN).
 */
public final class PredictionReplay {

    /** The settings a replay runs the server with unless {@code --set} says otherwise. */
    public static final Map<String, String> SETTINGS = Map.of(
            "kafka.commit.interval.ms", "50",
            "rankings.refresh.interval", "100ms");

    static final String TENANT = "bench-predict";
    private static final String WINDOW = "1h";
    /** Predictions asked at once. */
    private static final int CONCURRENT = 64;

    private final PromptOutcomes data;
    private final long seed;
    private final double trainFraction;

    public PredictionReplay(PromptOutcomes data, long seed, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("the training fraction must be between 0 and 1, exclusive (was " + trainFraction + ")");
        }
        this.data = data;
        this.seed = seed;
        this.trainFraction = trainFraction;
    }

    /** How the held-out prompts were asked about: with their length tertile as complexity, or with none. */
    public enum Mapping { LENGTH_TERTILES, UNKNOWN }

    /**
     * @param tertileBounds the input tokens from which a prompt is MEDIUM, and from which HIGH
     */
    public record Result(int prompts, int trainPrompts, int heldOutPrompts, double[] tertileBounds,
                         Map<Mapping, Calibration.Report> reports, long durationMs, Map<String, String> settings) {
    }

    public Result run(Path stateDir, Map<String, String> settings, Consumer<String> progress) throws Exception {
        Map<String, String> merged = new LinkedHashMap<>(SETTINGS);
        merged.putAll(settings);
        try (EmbeddedModelPerf server = EmbeddedModelPerf.start(stateDir, TENANT, merged)) {
            progress.accept("server settings " + server.settings());
            return replay(server, progress);
        }
    }

    private Result replay(EmbeddedModelPerf server, Consumer<String> progress) throws Exception {
        long started = System.nanoTime();
        ServerApi api = new ServerApi(server.apiUrl());
        List<PromptOutcomes.Prompt> order = DecisionReplay.order(data, seed);
        int trainCount = (int) Math.round(order.size() * trainFraction);
        List<PromptOutcomes.Prompt> train = order.subList(0, trainCount);
        List<PromptOutcomes.Prompt> heldOut = order.subList(trainCount, order.size());
        double[] bounds = tertileBounds(train);
        Instant now = Instant.now();
        double trainScore = 0;
        int sequence = 0;
        for (PromptOutcomes.Prompt prompt : train) {
            Complexity complexity = complexity(prompt, bounds);
            for (String model : data.models()) {
                PromptOutcomes.Outcome outcome = prompt.of(model);
                trainScore += outcome.score();
                ModelCall graded = CallEvents.graded("predict-" + seed + "-" + sequence++, now, model, prompt.category(), outcome);
                server.client().record(ModelCall.newBuilder(graded).setComplexity(complexity).build());
            }
        }
        server.client().flush();
        progress.accept(String.format(java.util.Locale.ROOT, "%,d training prompts recorded as %,d calls; waiting for the rankings to count them",
                trainCount, sequence));
        DecisionReplay.awaitCounted(api, server, TENANT, sequence);
        double baseRate = trainScore / sequence;
        Map<Mapping, Calibration.Report> reports = new EnumMap<>(Mapping.class);
        for (Mapping mapping : Mapping.values()) {
            reports.put(mapping, score(api, heldOut, bounds, mapping, baseRate));
            progress.accept(mapping + " scored");
        }
        return new Result(order.size(), trainCount, heldOut.size(), bounds, reports,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), server.settings());
    }

    /** The held-out prompts' outcomes per (category, model, complexity asked), predicted once per group. */
    private Calibration.Report score(ServerApi api, List<PromptOutcomes.Prompt> heldOut, double[] bounds, Mapping mapping,
                                     double baseRate) {
        Map<GroupKey, List<Double>> outcomes = new LinkedHashMap<>();
        for (PromptOutcomes.Prompt prompt : heldOut) {
            Complexity complexity = mapping == Mapping.UNKNOWN ? null : complexity(prompt, bounds);
            for (String model : data.models()) {
                outcomes.computeIfAbsent(new GroupKey(prompt.category(), model, complexity), k -> new ArrayList<>())
                        .add(prompt.of(model).score());
            }
        }
        List<GroupKey> keys = new ArrayList<>(outcomes.keySet());
        Map<GroupKey, JsonNode> predictions = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += CONCURRENT) {
            List<GroupKey> batch = keys.subList(from, Math.min(keys.size(), from + CONCURRENT));
            List<CompletableFuture<JsonNode>> answers = batch.stream().map(key -> api.prediction(key.query())).toList();
            for (int i = 0; i < batch.size(); i++) {
                predictions.put(batch.get(i), answers.get(i).join());
            }
        }
        List<Calibration.Forecast> forecasts = new ArrayList<>();
        List<Calibration.Group> groups = new ArrayList<>();
        outcomes.forEach((key, scores) -> {
            JsonNode prediction = predictions.get(key);
            double probability = prediction.path("probability").asDouble();
            double sum = 0;
            for (double score : scores) {
                forecasts.add(new Calibration.Forecast(probability, score));
                sum += score;
            }
            groups.add(new Calibration.Group(scores.size(), sum, probability, prediction.path("sd").asDouble()));
        });
        return Calibration.of(forecasts, baseRate, groups);
    }

    /** The input tokens at which the training prompts' second and third tertiles start. */
    static double[] tertileBounds(List<PromptOutcomes.Prompt> train) {
        double[] sizes = train.stream().mapToDouble(PromptOutcomes.Prompt::meanInputTokens).sorted().toArray();
        return new double[] {sizes[sizes.length / 3], sizes[2 * sizes.length / 3]};
    }

    static Complexity complexity(PromptOutcomes.Prompt prompt, double[] bounds) {
        double size = prompt.meanInputTokens();
        return size < bounds[0] ? Complexity.LOW : size < bounds[1] ? Complexity.MEDIUM : Complexity.HIGH;
    }

    private record GroupKey(String category, String model, Complexity complexity) {

        String query() {
            return "tenant=" + TENANT + "&window=" + WINDOW + "&category=" + encode(category) + "&model=" + encode(model)
                    + (complexity == null ? "" : "&complexity=" + complexity);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
