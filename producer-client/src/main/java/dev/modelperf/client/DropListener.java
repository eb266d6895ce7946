package dev.modelperf.client;

import org.apache.avro.specific.SpecificRecord;

/**
 * Hears of every event the client drops. It runs on the thread whose event displaced the dropped
 * one (a request thread, under {@link OverflowPolicy#DROP_OLDEST}) or on the thread that closes the
 * client: keep it cheap, e.g. count and log at a bounded rate. An exception it throws is logged.
 */
@FunctionalInterface
public interface DropListener {

    /** {@code event} is a {@code ModelCall} or a {@code Feedback}. */
    void dropped(SpecificRecord event, DropReason reason);
}
