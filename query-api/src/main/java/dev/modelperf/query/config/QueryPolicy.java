package dev.modelperf.query.config;

import dev.modelperf.routing.DecisionMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the query API answers routers: the data a score needs, how fresh the ready-made rankings
 * are, where the default models per category come from, and how it behaves across instances.
 *
 * @param minSamples         calls a model needs in a category before it is scored as known
 * @param refreshInterval    how often the ready-made rankings take in the minute in progress
 * @param routingDefaults    the default models per category (null: the shipped table)
 * @param mode               how answers rank when the request does not say: best or sample
 * @param halfLife           the age at which a call weighs half as much as a new one in the estimates
 * @param priorStrength      how many calls' worth a parent category's estimate counts for in a subcategory's
 * @param applicationServer  this instance's {@code host:port} for other instances (empty: a single instance)
 * @param retryDeadline      how long a request may wait out a rebalance before it answers 503
 * @param forwardTimeout     how long a request to another instance may take
 * @param publishInterval    how often the figures routers decide on in-process are published (changed ones only)
 */
public record QueryPolicy(int minSamples, Duration refreshInterval, Path routingDefaults, DecisionMode mode, Duration halfLife,
                          double priorStrength, Optional<String> applicationServer, Duration retryDeadline, Duration forwardTimeout,
                          Duration publishInterval) {
}
