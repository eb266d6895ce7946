package dev.modelperf.client.category;

/**
 * The category a prompt was given, with a confidence between 0 (a guess: nothing matched) and 1,
 * and the score behind it.
 */
public record CategoryMatch(String category, double confidence, double score) {
}
