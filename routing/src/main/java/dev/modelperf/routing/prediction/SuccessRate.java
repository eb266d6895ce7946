package dev.modelperf.routing.prediction;

import dev.modelperf.routing.BetaPosterior;

/**
 * A belief about the chance that a call succeeds, as a mean and a variance: the product of the
 * belief that the call returns OK and, when quality was observed, the belief that an answer is good.
 * Its log-odds carry the complexity shift and the 95 % interval, so that both stay within 0–1.
 */
record SuccessRate(double mean, double variance) {

    /** Log-odds are taken of a rate kept this far from 0 and 1, where they are infinite. */
    static final double EDGE = 1e-6;

    /** The rate of {@code ok} times that of {@code good} (when not null), the two beliefs independent. */
    static SuccessRate of(BetaPosterior ok, BetaPosterior good) {
        double okMean = ok.mean();
        double okVariance = ok.sd() * ok.sd();
        if (good == null) {
            return new SuccessRate(okMean, okVariance);
        }
        double goodMean = good.mean();
        double goodVariance = good.sd() * good.sd();
        double mean = okMean * goodMean;
        return new SuccessRate(mean, (okVariance + okMean * okMean) * (goodVariance + goodMean * goodMean) - mean * mean);
    }

    double logOdds() {
        double clamped = clamped();
        return Math.log(clamped / (1 - clamped));
    }

    /** The variance of the log-odds, by the delta method. */
    double logOddsVariance() {
        double clamped = clamped();
        double slope = clamped * (1 - clamped);
        return variance / (slope * slope);
    }

    private double clamped() {
        return Math.min(1 - EDGE, Math.max(EDGE, mean));
    }

    static double logistic(double logOdds) {
        return 1 / (1 + Math.exp(-logOdds));
    }
}
