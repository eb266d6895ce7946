package dev.modelperf.routing;

/**
 * What an answer rests on: the category's own data, a parent category's (too few calls in the
 * category), the rule table of default models (too few anywhere), or nothing at all.
 */
public record Basis(Source source, String category) {

    public enum Source { CATEGORY, PARENT, RULES, NONE }
}
