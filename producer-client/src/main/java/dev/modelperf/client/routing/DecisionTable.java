package dev.modelperf.client.routing;

import java.util.Map;

/**
 * What the router decides on, as one immutable snapshot swapped in whole when data arrives, so a
 * caller reads it without a lock. {@code loaded} turns true once the topics were read up to where
 * they ended when the router started; {@code newestAsOfMs} is when the newest figures were taken.
 */
record DecisionTable(Map<String, TenantDecisions> tenants, boolean loaded, long newestAsOfMs) {

    static final DecisionTable EMPTY = new DecisionTable(Map.of(), false, -1);

    TenantDecisions tenant(String tenant) {
        return tenants.getOrDefault(tenant, TenantDecisions.EMPTY);
    }
}
