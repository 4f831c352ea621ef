package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;

/**
 * Answer to a heartbeat: when the control plane received it, the version of the node's
 * desired state (fetch it when this grows) and the membership status in the cluster.
 *
 * <p>{@code rotationRequestedAt} is set while the platform owner's request to rotate the
 * certificate this heartbeat was proven with is open: the agent should rotate now. It is left out
 * of the JSON when there is none, so older agents and servers read each other's answers (absent
 * means "no request"). The instant tells one request from the next.
 */
public record HeartbeatAck(Instant receivedAt, long desiredStateVersion, String membershipStatus,
                           Instant rotationRequestedAt) {

    public HeartbeatAck {
        Check.required("receivedAt", receivedAt);
        if (desiredStateVersion < 0) {
            throw ProtocolException.invalidField("desiredStateVersion", "desiredStateVersion must not be negative");
        }
        Check.identifier("membershipStatus", membershipStatus);
    }

    /** An answer without a rotation request. */
    public HeartbeatAck(Instant receivedAt, long desiredStateVersion, String membershipStatus) {
        this(receivedAt, desiredStateVersion, membershipStatus, null);
    }

    /** The owner asked this node to rotate the certificate it proved the heartbeat with. */
    public boolean rotateCertificate() {
        return rotationRequestedAt != null;
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.objectBuilder()
                .add("receivedAt", receivedAt.toString())
                .add("desiredStateVersion", desiredStateVersion)
                .add("membershipStatus", membershipStatus);
        if (rotationRequestedAt != null) {
            json.add("rotationRequestedAt", rotationRequestedAt.toString());
        }
        return json.build();
    }

    public static HeartbeatAck fromJson(JsonObject json) {
        return new HeartbeatAck(
                Json.requireInstant(json, "receivedAt"),
                Json.requireLong(json, "desiredStateVersion", 0, Long.MAX_VALUE),
                Json.requireString(json, "membershipStatus", Limits.MAX_IDENTIFIER_LENGTH),
                Json.optionalInstant(json, "rotationRequestedAt"));
    }
}
