package dev.modelperf.query.cluster;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * When parts gathered from several instances make a complete answer: together they cover every
 * partition of the calls topic exactly once. Otherwise the answer would miss or double some models.
 */
public final class PartitionCoverage {

    private final int partitionCount;

    /** {@code partitionCount}: partitions of the calls topic. */
    public PartitionCoverage(int partitionCount) {
        this.partitionCount = partitionCount;
    }

    /** Fails, to be retried, unless {@code parts} (one per instance that answered) cover every partition once. */
    public void requireComplete(List<? extends Part> parts) {
        Set<Integer> covered = new TreeSet<>();
        int claimed = 0;
        for (Part part : parts) {
            covered.addAll(part.partitions());
            claimed += part.partitions().size();
        }
        if (covered.size() != partitionCount || claimed != covered.size()) {
            throw new RetryableException("Partitions of the calls topic are being moved between instances (covered "
                    + covered + " of " + partitionCount + ", " + (claimed - covered.size()) + " claimed twice)");
        }
    }
}
