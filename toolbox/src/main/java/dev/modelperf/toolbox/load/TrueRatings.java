package dev.modelperf.toolbox.load;

import dev.modelperf.schemas.category.CategoryPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The known truth behind {@link DebateTraffic}: each model's Bradley–Terry strength per kind of
 * task (a category's first path segment), on the Elo-like scale the ratings are published on
 * ({@value #PER_LOGIT} points per logit, centred so that the panel's mean is {@value #CENTER} in
 * every category). A model's strength follows how good {@link SyntheticTraffic} says it is at the
 * task, plus a seeded jitter, so the order differs from one category to the next; with the same
 * seed and panel, the same truth. Ratings estimated from the generated comparisons should recover
 * these within their intervals.
 */
public final class TrueRatings {

    /** The rating of a model of average strength. */
    public static final double CENTER = 1000;

    /** Rating points per logit of Bradley–Terry strength: 400 points are a factor of 10 in the odds, as in Elo. */
    public static final double PER_LOGIT = 400 / Math.log(10);

    /** Logits per unit of {@link SyntheticTraffic#quality}: its spread of about 0.5 becomes some 600 rating points. */
    private static final double LOGITS_PER_QUALITY = 7;

    /** Seeded spread added to each strength (logits), so that models of equal quality still differ and seeds matter. */
    private static final double JITTER_LOGITS = 0.3;

    /** One model's true rating in one category, and its rank there (1 = strongest). */
    public record Rated(int rank, String model, double rating) {
    }

    private final List<String> panel;
    private final Map<String, Map<String, Double>> ratingByCategory;

    private TrueRatings(List<String> panel, Map<String, Map<String, Double>> ratingByCategory) {
        this.panel = panel;
        this.ratingByCategory = ratingByCategory;
    }

    /**
     * The truth for {@code panel} (models of {@link SyntheticTraffic#MODELS}, at least two,
     * distinct) in each of {@code categories} (first path segments such as {@code code}).
     */
    public static TrueRatings of(long seed, List<String> panel, List<String> categories) {
        if (panel.size() < 2 || panel.stream().distinct().count() != panel.size()) {
            throw new IllegalArgumentException("a panel needs at least two distinct models (was " + panel + ")");
        }
        Map<String, Map<String, Double>> ratings = new LinkedHashMap<>();
        for (String category : categories) {
            if (!CategoryPath.isPath(category) || category.contains("/")) {
                throw new IllegalArgumentException("true ratings are per top-level category, such as code (was " + category + ")");
            }
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ category.hashCode());
            double[] logits = new double[panel.size()];
            double mean = 0;
            for (int i = 0; i < panel.size(); i++) {
                logits[i] = LOGITS_PER_QUALITY * SyntheticTraffic.quality(panel.get(i), category) + JITTER_LOGITS * gaussian(random);
                mean += logits[i] / panel.size();
            }
            Map<String, Double> byModel = new LinkedHashMap<>();
            for (int i = 0; i < panel.size(); i++) {
                byModel.put(panel.get(i), CENTER + PER_LOGIT * (logits[i] - mean));
            }
            ratings.put(category, Collections.unmodifiableMap(byModel));
        }
        return new TrueRatings(List.copyOf(panel), Collections.unmodifiableMap(ratings));
    }

    /**
     * {@code size} models of {@link SyntheticTraffic#MODELS} picked by {@code seed}, in the order
     * of that list: the panel {@code modelperf load --comparisons --panel} asks.
     */
    public static List<String> seededPanel(long seed, int size) {
        List<String> models = new ArrayList<>(SyntheticTraffic.MODELS.stream().map(SyntheticTraffic.ModelProfile::model).toList());
        if (size < 2 || size > models.size()) {
            throw new IllegalArgumentException("a panel has 2 to " + models.size() + " models (was " + size + ")");
        }
        List<String> shuffled = new ArrayList<>(models);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        List<String> picked = shuffled.subList(0, size);
        return models.stream().filter(picked::contains).toList();
    }

    public List<String> panel() {
        return panel;
    }

    /** The top-level categories this truth covers, in the order given. */
    public List<String> categories() {
        return List.copyOf(ratingByCategory.keySet());
    }

    /** The true rating of {@code model} in {@code category} or any category under it ({@code code/backend} uses {@code code}'s). */
    public double rating(String category, String model) {
        Double rating = byModel(category).get(model);
        if (rating == null) {
            throw new IllegalArgumentException(model + " is not on the panel " + panel);
        }
        return rating;
    }

    /** The Bradley–Terry strength of {@code model} in {@code category}, in logits (0 = the panel's mean). */
    public double logit(String category, String model) {
        return (rating(category, model) - CENTER) / PER_LOGIT;
    }

    /** The probability that {@code a}'s answer beats {@code b}'s in {@code category}: Bradley–Terry from the true ratings. */
    public double winProbability(String category, String a, String b) {
        return 1 / (1 + Math.exp(logit(category, b) - logit(category, a)));
    }

    /** The panel in {@code category}, strongest first. */
    public List<Rated> ranked(String category) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(byModel(category).entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<Rated> ranked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ranked.add(new Rated(i + 1, entries.get(i).getKey(), entries.get(i).getValue()));
        }
        return ranked;
    }

    private Map<String, Double> byModel(String category) {
        Map<String, Double> byModel = ratingByCategory.get(CategoryPath.topLevel(category));
        if (byModel == null) {
            throw new IllegalArgumentException("no true ratings for " + category + "; the categories are " + categories());
        }
        return byModel;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
