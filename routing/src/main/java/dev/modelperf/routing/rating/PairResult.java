package dev.modelperf.routing.rating;

/**
 * One pairwise result read from a comparison: {@code first} against {@code second}, and who won.
 * A tie counts half a win each way.
 */
public record PairResult(String first, String second, Outcome outcome) {

    /** Who won the pair. */
    public enum Outcome { FIRST, SECOND, TIE }
}
