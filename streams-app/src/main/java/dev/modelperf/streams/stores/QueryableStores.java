package dev.modelperf.streams.stores;

/**
 * The names of the stores the query API reads; the topology creates them under these names. The
 * call statistics are in one window store per {@link Resolution} ({@link Resolution#storeName()}).
 */
public final class QueryableStores {

    /** Every model's latest ModelHealth, from the compacted health topic, on every instance. */
    public static final String HEALTH_GLOBAL = "health-global";
    /** The latest Alert per fingerprint, from the alerts topic, on every instance. */
    public static final String ALERTS_GLOBAL = "alerts-global";
    /** Per task, the time up to which closed minutes have been folded into hours and days. */
    public static final String FOLD_PROGRESS = "call-stats-folded";

    private QueryableStores() {
    }
}
