package dev.modelperf.streams.limit;

/**
 * Keys of the task-local {@value LimitTopology#NAMES_ADMITTED} store: the models and category
 * paths of this partition's calls that the tenant's limits admitted. A call whose model and
 * category are both here goes on without asking the tenant's partition; a path's presence implies
 * its ancestors were admitted with it. Bounded by the limits, as the tenant's own names are.
 */
final class KnownNames {

    private static final char SEP = '\u0000';

    private KnownNames() {
    }

    static String model(String tenant, String model) {
        return tenant + SEP + "m" + SEP + model;
    }

    static String category(String tenant, String category) {
        return tenant + SEP + "c" + SEP + category;
    }
}
