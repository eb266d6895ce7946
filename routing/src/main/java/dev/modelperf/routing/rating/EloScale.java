package dev.modelperf.routing.rating;

/**
 * Bradley–Terry logits shown on an Elo-like scale, as arena leaderboards show them: a difference
 * of {@code perLogit} points is one logit of the odds of winning, so 400 points make 10:1 odds
 * ({@code perLogit = 400 / ln 10 ≈ 173.72}); the models' mean sits at {@code center}.
 */
public record EloScale(double center, double perLogit) {

    public static final EloScale ARENA = new EloScale(1000, 400 / Math.log(10));

    /** The rating of a logit already centred on the models' mean. */
    public double rating(double centredLogit) {
        return center + perLogit * centredLogit;
    }

    /** A spread in logits (a standard error, a half-width) in points. */
    public double points(double logits) {
        return perLogit * logits;
    }
}
