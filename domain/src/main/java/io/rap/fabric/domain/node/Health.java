package io.rap.fabric.domain.node;

import java.time.Duration;
import java.time.Instant;

/** How a membership's health is derived from its latest heartbeat. */
public final class Health {

    /** A node that has not heartbeated for this long is shown as silent, whatever it last said. */
    public static final Duration GRACE = Duration.ofSeconds(60);

    public static final String UNKNOWN = "unknown";
    public static final String SILENT = "silent";

    private Health() {
    }

    public static String derive(String reported, Instant lastHeartbeatAt, Instant now) {
        if (reported == null || lastHeartbeatAt == null) {
            return UNKNOWN;
        }
        if (lastHeartbeatAt.isBefore(now.minus(GRACE))) {
            return SILENT;
        }
        return reported;
    }
}
