package dev.modelperf.streams.validate;

import java.time.Duration;

/**
 * What the validators need: how far in the future an event may be stamped, and how old a call
 * may be before its minute is gone from the 1-minute store and it would be counted nowhere.
 *
 * @param maxFutureSkew how far past "now" a call's or feedback's timestamp may lie
 * @param lateAfter     a call older than this is rejected as late
 */
public record ValidationSettings(Duration maxFutureSkew, Duration lateAfter) {
}
