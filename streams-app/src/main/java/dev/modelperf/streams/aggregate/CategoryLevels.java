package dev.modelperf.streams.aggregate;

import java.util.ArrayList;
import java.util.List;

/** The levels a category path counts toward: itself, each ancestor, and {@link #ALL}. */
public final class CategoryLevels {

    /** The level that covers every category. */
    public static final String ALL = "*";

    private CategoryLevels() {
    }

    /** {@code code/backend/api} → {@code [code/backend/api, code/backend, code, *]}. */
    public static List<String> of(String category) {
        List<String> levels = new ArrayList<>(5);
        String level = category;
        while (true) {
            levels.add(level);
            int slash = level.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            level = level.substring(0, slash);
        }
        levels.add(ALL);
        return levels;
    }

    /** The parent of a category path, {@link #ALL} for a top-level one, null for {@link #ALL} itself. */
    public static String parent(String category) {
        if (ALL.equals(category)) {
            return null;
        }
        int slash = category.lastIndexOf('/');
        return slash < 0 ? ALL : category.substring(0, slash);
    }

    /** Whether {@code level} covers {@code category}: the same path, an ancestor, or {@link #ALL}. */
    public static boolean covers(String level, String category) {
        return ALL.equals(level) || category.equals(level)
                || (category.startsWith(level) && category.charAt(level.length()) == '/');
    }
}
