package dev.modelperf.client.routing;

import java.util.List;

/** A routed call that got an answer: the value, the model that gave it, every attempt in order, and the decision. */
public record Routed<T>(T value, String model, List<Attempt> attempts, Decision decision) {
}
