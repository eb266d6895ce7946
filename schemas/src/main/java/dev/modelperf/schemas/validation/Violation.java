package dev.modelperf.schemas.validation;

/** One broken rule: the field it concerns and what the field must be. */
public record Violation(String field, String rule) {

    @Override
    public String toString() {
        return field + ": " + rule;
    }
}
