package dev.modelperf.query.cluster;

import java.util.Set;

/** One instance's part of a gathered answer, with the partitions of the calls topic it was read from. */
public interface Part {

    Set<Integer> partitions();
}
