package dev.modelperf.streams.stores;

/** The names of the routing figures' window stores, one per {@link Resolution}, as the topology creates them. */
public final class RoutingStores {

    private RoutingStores() {
    }

    public static String storeName(Resolution resolution) {
        return switch (resolution) {
            case MINUTE -> "routing-stats-1m";
            case HOUR -> "routing-stats-1h";
            case DAY -> "routing-stats-1d";
        };
    }
}
