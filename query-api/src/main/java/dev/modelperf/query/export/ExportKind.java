package dev.modelperf.query.export;

import dev.modelperf.schemas.topics.Topics;
import java.util.Locale;
import java.util.function.Function;

/**
 * What an export may contain, by the name {@code kinds} uses. Calls and comparisons are lines of
 * their own; feedback and judgments ride on the line of the call they judge.
 */
public enum ExportKind {
    FEEDBACK("feedback", "feedback", Topics::feedback),
    JUDGMENTS("judgments", "judgment", Topics::judgments),
    CALLS("calls", "call", Topics::calls),
    COMPARISONS("comparisons", "comparison", Topics::comparisons);

    private final String parameter;
    private final String line;
    private final Function<Topics, String> topic;

    ExportKind(String parameter, String line, Function<Topics, String> topic) {
        this.parameter = parameter;
        this.line = line;
        this.topic = topic;
    }

    /** The name in {@code kinds}. */
    public String parameter() {
        return parameter;
    }

    /** The {@code kind} of a line, and of a cursor position. */
    public String line() {
        return line;
    }

    public String topic(Topics topics) {
        return topic.apply(topics);
    }

    /** Whether this kind has lines of its own (and positions in the cursor). */
    public boolean hasLines() {
        return this == CALLS || this == COMPARISONS;
    }

    /** The kind named {@code name} in {@code kinds}, or null. */
    static ExportKind parameterNamed(String name) {
        for (ExportKind kind : values()) {
            if (kind.parameter.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }

    /** The kind whose lines are {@code line}, or null. */
    static ExportKind lineNamed(String line) {
        for (ExportKind kind : values()) {
            if (kind.hasLines() && kind.line.equals(line)) {
                return kind;
            }
        }
        return null;
    }
}
