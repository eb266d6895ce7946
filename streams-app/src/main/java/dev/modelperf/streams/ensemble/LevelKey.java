package dev.modelperf.streams.ensemble;

import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.validation.ModelCallRules;

/**
 * The key of a category level's ensemble state: {@code tenant|level}, the level a path or
 * {@link CategoryPath#ROOT}. Tenants hold no {@code |}, so the first one separates; the same string
 * partitions the repartition topic, so interactive queries find the owner from it.
 */
public record LevelKey(String tenant, String level) {

    private static final char SEPARATOR = '|';

    public LevelKey {
        if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must match " + ModelCallRules.TENANT.pattern() + " (was " + tenant + ")");
        }
        if (!CategoryPath.isLevel(level)) {
            throw new IllegalArgumentException("level must be " + CategoryPath.RULE + " or " + CategoryPath.ROOT + " (was " + level + ")");
        }
    }

    public String encode() {
        return tenant + SEPARATOR + level;
    }

    public static LevelKey decode(String encoded) {
        int separator = encoded == null ? -1 : encoded.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("level key must be tenant|level (was " + encoded + ")");
        }
        return new LevelKey(encoded.substring(0, separator), encoded.substring(separator + 1));
    }
}
