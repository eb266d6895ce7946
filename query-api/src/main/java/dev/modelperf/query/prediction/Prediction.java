package dev.modelperf.query.prediction;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.modelperf.routing.prediction.SuccessPrediction;

/** The answer of {@code GET /api/v1/predict}: the prediction, for whom, over which window, as of when. */
public record Prediction(String tenant, String window, String asOf, @JsonUnwrapped SuccessPrediction prediction) {
}
