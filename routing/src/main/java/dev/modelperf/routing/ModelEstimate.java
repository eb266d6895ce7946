package dev.modelperf.routing;

/**
 * What is believed of one model for one category: its success rate and quality, each pooled from
 * the category's own calls and its parents', and the most specific level that has calls of it.
 *
 * @param qualityObserved whether any level saw a quality score or feedback for this model; when
 *                        none did, quality is the uniform prior and does not rank
 */
public record ModelEstimate(ModelFigures figures, BetaPosterior success, BetaPosterior quality, boolean qualityObserved,
                            String dataLevel) {

    public String model() {
        return figures.model();
    }
}
