package dev.modelperf.query.auth;

import dev.modelperf.query.dashboard.DashboardAssets;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call what, checked before every endpoint when {@code auth.keys.file} is set. Keys come as
 * {@code Authorization: Bearer KEY}. The probes, the OpenAPI document and the dashboard's files are
 * open (the page sends its user's key with each API request); {@code /metrics}
 * (it names tenants) needs an admin key; {@code /internal/} only answers other instances, which send
 * the instance key; {@code POST /api/v1/events/*} needs an ingest or admin key; every other request
 * needs a read or admin key. A {@code tenant} parameter naming another tenant than the key's is
 * refused unless the key is an admin's. Without a key file everything is open, as in the demo.
 */
public final class AccessControl {

    /** Paths that answer anyone: orchestrators probe them and tools read the API's description. */
    public static final Set<String> OPEN_PATHS = Set.of("/healthz", "/readyz", "/openapi.json");
    public static final String INTERNAL_PREFIX = "/internal/";
    public static final String EVENTS_PREFIX = "/api/v1/events/";
    private static final String CALLER_ATTRIBUTE = "modelperf.caller";

    private final ApiKeys keys;
    private final byte[] instanceKey;

    /** {@code keys} null: open to all. {@code instanceKey}: the credential instances send each other. */
    public AccessControl(ApiKeys keys, String instanceKey) {
        this.keys = keys;
        this.instanceKey = instanceKey.getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return keys != null;
    }

    /** The Javalin before-handler: sets the caller, or throws {@link AccessDeniedException}. */
    public void check(Context ctx) {
        String path = ctx.path();
        if (keys == null || OPEN_PATHS.contains(path) || DashboardAssets.isAsset(path)) {
            return;
        }
        String key = bearer(ctx);
        if (MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), instanceKey)) {
            // Instances only read from each other: relayed keyed reads and the parts of gathered answers.
            if (ctx.method() != HandlerType.GET) {
                throw new AccessDeniedException(403, null, "The instance key only reads");
            }
            ctx.attribute(CALLER_ATTRIBUTE, Caller.INSTANCE);
            return;
        }
        if (path.startsWith(INTERNAL_PREFIX)) {
            throw new AccessDeniedException(403, null, path + " answers other ModelPerf instances only");
        }
        Caller caller = keys.find(key);
        if (caller == null) {
            throw new AccessDeniedException(401, null, "Unknown API key");
        }
        authorize(caller, ctx.method(), path, ctx.queryParam("tenant"));
        ctx.attribute(CALLER_ATTRIBUTE, caller);
    }

    /** Throws 403 unless {@code caller} may call {@code method path} for {@code tenant} (null: its own). */
    static void authorize(Caller caller, HandlerType method, String path, String tenant) {
        if (path.equals("/metrics") && caller.role() != Role.ADMIN) {
            throw new AccessDeniedException(403, null, "/metrics needs an admin key (it names every tenant); this key's role is "
                    + caller.role().label());
        }
        boolean ingest = method == HandlerType.POST && path.startsWith(EVENTS_PREFIX);
        if (ingest && caller.role() == Role.READ) {
            throw new AccessDeniedException(403, null, "This key's role is read: posting events needs an ingest or admin key");
        }
        if (!ingest && caller.role() == Role.INGEST) {
            throw new AccessDeniedException(403, null, "This key's role is ingest: it may only POST " + EVENTS_PREFIX + "*; "
                    + "reading needs a read or admin key");
        }
        if (tenant != null && !tenant.isEmpty() && !caller.anyTenant() && !tenant.equals(caller.tenant())) {
            throw new AccessDeniedException(403, "tenant", "tenant '" + tenant + "' is not this key's tenant ('"
                    + caller.tenant() + "')");
        }
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"modelperf\"");
            throw new AccessDeniedException(401, null, "Send an API key as 'Authorization: Bearer KEY'");
        }
        return header.substring(7).trim();
    }

    /** The caller of a request checked by {@link #check}; empty when access control is off. */
    public static Optional<Caller> caller(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CALLER_ATTRIBUTE));
    }

    /** The tenant a request is about when it names none: the key's tenant, or {@code fallback}. */
    public static String defaultTenant(Context ctx, String fallback) {
        return caller(ctx).map(Caller::tenant).orElse(fallback);
    }
}
