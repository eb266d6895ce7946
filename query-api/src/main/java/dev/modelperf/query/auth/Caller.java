package dev.modelperf.query.auth;

/**
 * Who sent a request, once its key is known: the key's tenant and role. Instances calling each
 * other have no tenant of their own ({@code tenant} null): they relay a request already checked.
 */
public record Caller(String tenant, Role role) {

    public static final Caller INSTANCE = new Caller(null, Role.INSTANCE);

    /** Whether this caller may name any tenant (an admin key, or another instance). */
    public boolean anyTenant() {
        return role == Role.ADMIN || role == Role.INSTANCE;
    }
}
