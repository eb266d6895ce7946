package dev.modelperf.schemas.category;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Task category paths such as {@code code/backend/api}: the one rule for what a path may be, and
 * how a path relates to the levels above it up to {@link #ROOT}. A call counts toward every level
 * of its path, so this is also what aggregates roll up to, what rankings fall back along and what
 * alert scopes cover. Paths travel as plain strings (Avro fields, store keys, JSON), so this works
 * on strings; the level methods expect a valid path or {@link #ROOT}.
 */
public final class CategoryPath {

    /** The level above every top-level category: all categories. */
    public static final String ROOT = "*";

    /** A path an event can carry: 1-4 segments of 1-48 characters of {@code [a-z0-9_-]}. */
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9_-]{1,48}(/[a-z0-9_-]{1,48}){0,3}");

    /** {@link #PATTERN} in words, for error messages: "must be " + RULE. */
    public static final String RULE = "1-4 '/'-separated segments of [a-z0-9_-]";

    private static final char SEPARATOR = '/';

    private CategoryPath() {
    }

    /** Whether {@code text} is a path an event can carry ({@link #ROOT} is not). */
    public static boolean isPath(String text) {
        return text != null && PATTERN.matcher(text).matches();
    }

    /** Whether {@code text} is a level something can be scoped to: a path, or {@link #ROOT}. */
    public static boolean isLevel(String text) {
        return ROOT.equals(text) || isPath(text);
    }

    /** {@code text} when it is a path; otherwise fails naming the rule and the text. */
    public static String parse(String text) {
        if (!isPath(text)) {
            throw new IllegalArgumentException("category must be " + RULE + " (was " + text + ")");
        }
        return text;
    }

    /** {@code code/backend/api} → {@code [code/backend/api, code/backend, code, *]}; {@code *} → {@code [*]}. */
    public static List<String> levels(String level) {
        List<String> levels = new ArrayList<>(5);
        for (String current = level; current != null; current = parent(current)) {
            levels.add(current);
        }
        return Collections.unmodifiableList(levels);
    }

    /** The levels above {@code level}, nearest first, ending with {@link #ROOT}; none above {@link #ROOT}. */
    public static List<String> ancestors(String level) {
        List<String> levels = levels(level);
        return levels.subList(1, levels.size());
    }

    /** The level right above {@code level}: {@link #ROOT} for a top-level path, null for {@link #ROOT} itself. */
    public static String parent(String level) {
        if (ROOT.equals(level)) {
            return null;
        }
        int separator = level.lastIndexOf(SEPARATOR);
        return separator < 0 ? ROOT : level.substring(0, separator);
    }

    /** The top-level category a path lies in: {@code code} for {@code code/backend/api}; {@link #ROOT} for itself. */
    public static String topLevel(String level) {
        int separator = level.indexOf(SEPARATOR);
        return separator < 0 ? level : level.substring(0, separator);
    }

    /** The number of segments: 1 for {@code code}, 3 for {@code code/backend/api}, 0 for {@link #ROOT}. */
    public static int depth(String level) {
        if (ROOT.equals(level)) {
            return 0;
        }
        int depth = 1;
        for (int i = 0; i < level.length(); i++) {
            if (level.charAt(i) == SEPARATOR) {
                depth++;
            }
        }
        return depth;
    }

    /** Whether {@code level} covers {@code path}: the same path, one of its ancestors, or {@link #ROOT}. */
    public static boolean covers(String level, String path) {
        return ROOT.equals(level) || path.equals(level)
                || (path.startsWith(level) && path.length() > level.length() && path.charAt(level.length()) == SEPARATOR);
    }
}
