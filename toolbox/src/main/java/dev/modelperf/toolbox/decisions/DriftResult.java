package dev.modelperf.toolbox.decisions;

import java.util.Map;

/**
 * The drift scenario's figures. Regret of a request is the oracle's true success probability at
 * that moment minus the chosen model's; {@code oracleRegret} is ModelPerf's mean, {@code gatewayRegret}
 * the gateway baseline's mean over the same requests, and {@code regretVsGateway} ModelPerf's mean
 * regret against the gateway's choices (negative: better than the gateway).
 *
 * @param callsToBlacklisted calls ModelPerf's side made to a model while it was BLACKLISTED, per
 *     the recommendation's skipped list or the last {@code /api/v1/health} read
 * @param callsInOutage calls to the outage model during its outage (which fail)
 */
public record DriftResult(int requests, double durationSeconds, double accuracy, double oracleRegret, double gatewayAccuracy,
                          double gatewayRegret, double regretVsGateway, Map<String, Long> callsByModel,
                          Map<String, Long> gatewayCallsByModel, long callsToBlacklisted, long callsInOutage,
                          long gatewayCallsInOutage, long driftedCallsAfterDrift, long randomPicks, Map<String, String> settings) {

    /** ModelPerf's regret over the gateway's: the goal is at most 1/3. */
    public double regretRatio() {
        return gatewayRegret == 0 ? Double.NaN : oracleRegret / gatewayRegret;
    }
}
