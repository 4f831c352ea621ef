package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * Answer to a heartbeat: when the control plane received it, the version of the node's
 * desired state (fetch it when this grows) and the membership status in the cluster.
 */
public record HeartbeatAck(Instant receivedAt, long desiredStateVersion, String membershipStatus) {

    public HeartbeatAck {
        Check.required("receivedAt", receivedAt);
        if (desiredStateVersion < 0) {
            throw ProtocolException.invalidField("desiredStateVersion", "desiredStateVersion must not be negative");
        }
        Check.identifier("membershipStatus", membershipStatus);
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("receivedAt", receivedAt.toString())
                .add("desiredStateVersion", desiredStateVersion)
                .add("membershipStatus", membershipStatus)
                .build();
    }

    public static HeartbeatAck fromJson(JsonObject json) {
        return new HeartbeatAck(
                Json.requireInstant(json, "receivedAt"),
                Json.requireLong(json, "desiredStateVersion", 0, Long.MAX_VALUE),
                Json.requireString(json, "membershipStatus", Limits.MAX_IDENTIFIER_LENGTH));
    }
}
