package io.rap.fabric.domain.organization;

/**
 * The only thing an organization learns about the nodes behind its egress pools and VPN
 * services: a word derived from how many of them are healthy, never which ones they are.
 */
public final class SafeStatus {

    public static final String AVAILABLE = "available";
    public static final String DEGRADED = "degraded";
    public static final String UNAVAILABLE = "unavailable";
    public static final String NOT_CONFIGURED = "not_configured";

    private SafeStatus() {
    }

    /**
     * All healthy: available; some healthy or degraded: degraded; none serving (or nothing behind
     * it at all): unavailable.
     */
    public static String of(long total, long healthy, long degraded) {
        if (total <= 0 || healthy + degraded <= 0) {
            return UNAVAILABLE;
        }
        return healthy >= total ? AVAILABLE : DEGRADED;
    }
}
