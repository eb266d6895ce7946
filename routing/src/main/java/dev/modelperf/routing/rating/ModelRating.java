package dev.modelperf.routing.rating;

/**
 * One model's Bradley–Terry strength in a fit: its logit centred on the models' mean and that
 * logit's robust standard error, with the record it was fitted from ({@code wins} and
 * {@code losses} count a tie as half of each).
 */
public record ModelRating(String model, double logit, double standardError, double wins, double losses, long comparisons) {

    /** z of a two-sided 95 % normal interval. */
    public static final double Z95 = 1.959963984540054;

    public double rating(EloScale scale) {
        return scale.rating(logit);
    }

    public double low(EloScale scale) {
        return scale.rating(logit - Z95 * standardError);
    }

    public double high(EloScale scale) {
        return scale.rating(logit + Z95 * standardError);
    }
}
