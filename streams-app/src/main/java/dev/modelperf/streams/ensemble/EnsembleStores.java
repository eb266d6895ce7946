package dev.modelperf.streams.ensemble;

/** The names of the ensemble part's stores and internal topic, as the topology creates them. */
public final class EnsembleStores {

    /** Per tenant|level and day: the comparisons' {@code EnsembleState}; what advice is read from. */
    public static final String DAYS = "ensemble-1d";
    /** Per tenant|level, every comparison so far: the history that ranks the best {@code k} before each new one. */
    public static final String HISTORY = "ensemble-history";
    /** The comparisons fanned out to their category levels, keyed tenant|level. */
    public static final String BY_LEVEL = "ensemble-panels-by-level";

    private EnsembleStores() {
    }
}
