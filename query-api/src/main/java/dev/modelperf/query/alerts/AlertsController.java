package dev.modelperf.query.alerts;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.auth.AccessControl;
import dev.modelperf.query.auth.Caller;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.config.Durations;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/alerts?state=firing|resolved&since=&tenant=&rule=}: the latest state of each
 * alert (one entry per fingerprint), most recently changed first. {@code since} is an ISO-8601
 * instant or a duration back from now ({@code 30m}, {@code 24h}) and keeps alerts that changed
 * since then; without {@code tenant}, every tenant's (an admin key's, or with access control off) or the key's tenant's.
 */
public final class AlertsController {

    /** The answer: the filters as understood, and the alerts. */
    public record AlertsReport(String state, Instant since, String tenant, int count, List<AlertView> alerts) {
    }

    private final AlertsQuery query;
    private final Clock clock;

    public AlertsController(AlertsQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    public void alerts(Context ctx) {
        AlertState state = state(ctx.queryParam("state"));
        Instant since = since(ctx.queryParam("since"));
        String named = tenant(ctx.queryParam("tenant"));
        String tenant = named == null && !AccessControl.caller(ctx).map(Caller::anyTenant).orElse(true)
                ? AccessControl.defaultTenant(ctx, null) : named;
        String rule = ctx.queryParam("rule");
        Predicate<Alert> filter = alert -> (state == null || alert.getState() == state)
                && (since == null || !alert.getEmittedAt().isBefore(since))
                && (tenant == null || alert.getTenant().equals(tenant))
                && (rule == null || rule.isEmpty() || alert.getRule().equals(rule));
        List<AlertView> alerts = query.alerts(filter).stream().map(AlertView::of).toList();
        ctx.json(new AlertsReport(state == null ? null : state.name().toLowerCase(Locale.ROOT), since, tenant, alerts.size(), alerts));
    }

    private static AlertState state(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (AlertState state : AlertState.values()) {
            if (state.name().equalsIgnoreCase(text)) {
                return state;
            }
        }
        throw new BadRequestException("state", "must be one of firing, resolved");
    }

    /** No alert is kept this long; a longer duration would overflow the instant it is subtracted from. */
    private static final Duration MAX_SINCE = Duration.ofDays(36_500);

    private Instant since(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Duration back = Durations.parse(text);
        if (back != null) {
            if (back.compareTo(MAX_SINCE) > 0) {
                throw new BadRequestException("since", "must be a duration of at most " + MAX_SINCE.toDays()
                        + "d back from now (was " + text + ")");
            }
            return clock.instant().minus(back);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("since", "must be an ISO-8601 instant (2026-11-23T10:00:00Z) or a duration back from now (30m, 24h, 7d)");
        }
    }

    private static String tenant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!ModelCallRules.TENANT.matcher(text).matches()) {
            throw new BadRequestException("tenant", "must match " + ModelCallRules.TENANT.pattern());
        }
        return text;
    }
}
