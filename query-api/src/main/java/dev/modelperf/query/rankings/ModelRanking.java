package dev.modelperf.query.rankings;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.modelperf.query.stats.StatsView;

/** One model's figures over the queried span, as the rankings endpoint answers them. */
public record ModelRanking(String model, String provider, @JsonUnwrapped StatsView stats) {
}
