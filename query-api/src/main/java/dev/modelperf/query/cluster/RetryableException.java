package dev.modelperf.query.cluster;

import dev.modelperf.query.UnavailableException;

/**
 * The cluster cannot give a complete answer yet (a rebalance is moving partitions, an instance's
 * view is not built): worth trying again until the deadline, then answered 503.
 */
public class RetryableException extends UnavailableException {

    public RetryableException(String message) {
        super(message, null);
    }
}
