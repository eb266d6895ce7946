package dev.modelperf.routing.cascade;

/** What the threshold analysis proposes for a layer. */
public enum ThresholdChange {
    /** Accept more: routes it passes on would mostly have been right. */
    LOWER,
    /** Accept less: it accepts too many routes it gets wrong. */
    RAISE,
    /** Leave it: right where it is, or the data do not show otherwise with confidence. */
    KEEP
}
