package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * A test telemetry flag in effect for one membership, as the agent sees it: the flag's name and
 * when it stops applying. The agent honours a flag only before {@code expiresAt} by its own clock,
 * so an expired flag stops without the control plane announcing a new desired state.
 *
 * <p>Names the agent does not know are ignored (a newer control plane may know more flags).
 */
public record TelemetryFlag(String name, Instant expiresAt) {

    /** Link inventory reports every {@link #LINK_TRACE_INTERVAL_SECONDS} s instead of the configured interval. */
    public static final String LINK_TRACE = "link_trace";
    /** Heartbeats carry the agent's {@link RuntimeDetail}. */
    public static final String HEARTBEAT_DETAIL = "heartbeat_detail";
    public static final long LINK_TRACE_INTERVAL_SECONDS = 10;

    public TelemetryFlag {
        Check.identifier("name", name);
        Check.required("expiresAt", expiresAt);
    }

    public boolean appliesAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public JsonObject toJson() {
        return Json.objectBuilder().add("name", name).add("expiresAt", expiresAt.toString()).build();
    }

    public static TelemetryFlag fromJson(JsonObject json) {
        return new TelemetryFlag(Json.requireString(json, "name", Limits.MAX_IDENTIFIER_LENGTH),
                Json.requireInstant(json, "expiresAt"));
    }
}
