package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.UUID;

/** {@code POST /node-api/v1/nodes/{nodeId}/leave}: the node leaves this cluster; its certificates there are revoked. */
public record MembershipLeave(UUID clusterId) {

    public MembershipLeave {
        Check.required("clusterId", clusterId);
    }

    public JsonObject toJson() {
        return Json.objectBuilder().add("clusterId", clusterId.toString()).build();
    }

    public static MembershipLeave fromJson(JsonObject json) {
        return new MembershipLeave(Json.requireUuid(json, "clusterId"));
    }
}
