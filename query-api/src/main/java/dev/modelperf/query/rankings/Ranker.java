package dev.modelperf.query.rankings;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.schemas.category.CategoryPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Scores and orders gathered figures: models with enough data first, then by score, then by samples. */
public final class Ranker {

    static final Comparator<RankedModel> ORDER = Comparator.comparing(RankedModel::enoughData).reversed()
            .thenComparing(Comparator.comparingDouble(RankedModel::score).reversed())
            .thenComparing(Comparator.comparingLong(RankedModel::samples).reversed())
            .thenComparing(RankedModel::model);

    private final Scoring scoring;

    public Ranker(Scoring scoring) {
        this.scoring = scoring;
    }

    public Scoring scoring() {
        return scoring;
    }

    public List<RankedModel> rank(List<ModelFigures> figures, Priority priority, Urgency urgency, Map<String, ModelHealth> health) {
        List<RankedModel> ranked = new ArrayList<>(figures.size());
        for (ModelFigures model : figures) {
            ranked.add(RankedModel.of(model, scoring.score(model, priority, urgency),
                    RankedModel.Health.of(health.get(model.model()))));
        }
        ranked.sort(ORDER);
        return ranked;
    }

    /**
     * The levels data may answer for {@code category}, most specific first: the category and its
     * parents, not the all-categories level (a model good on average is no answer for a task);
     * {@code *} only when asked for.
     */
    public static List<String> dataLevels(String category) {
        List<String> levels = CategoryPath.levels(category);
        return category.equals(CategoryPath.ROOT) ? levels : levels.subList(0, levels.size() - 1);
    }
}
