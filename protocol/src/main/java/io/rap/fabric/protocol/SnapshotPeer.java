package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * A fabric peer as a core-mesh or relay node needs it: who it is (the node id its certificate
 * names), where to reach it over QUIC, and the roles that make it a useful peer.
 */
public record SnapshotPeer(UUID nodeId, String name, List<String> addresses, int port, List<String> roles) {

    public SnapshotPeer {
        Check.required("nodeId", nodeId);
        Check.name("name", name, Limits.MAX_NODE_NAME_LENGTH);
        addresses = Check.list("addresses", addresses, Limits.MAX_ADDRESSES);
        addresses.forEach(a -> Check.line("addresses", a, Limits.MAX_ADDRESS_LENGTH));
        if (port < 1 || port > 65535) {
            throw ProtocolException.invalidField("port", "port must be between 1 and 65535");
        }
        roles = Check.identifiers("roles", roles, Limits.MAX_ROLES);
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("nodeId", nodeId.toString())
                .add("name", name)
                .add("addresses", Json.stringArray(addresses))
                .add("port", port)
                .add("roles", Json.stringArray(roles))
                .build();
    }

    public static SnapshotPeer fromJson(JsonObject json) {
        return new SnapshotPeer(Json.requireUuid(json, "nodeId"),
                Json.requireString(json, "name", Limits.MAX_NODE_NAME_LENGTH),
                Json.stringList(json, "addresses", Limits.MAX_ADDRESSES, Limits.MAX_ADDRESS_LENGTH),
                Json.requireInt(json, "port", 1, 65535),
                Json.stringList(json, "roles", Limits.MAX_ROLES, Limits.MAX_IDENTIFIER_LENGTH));
    }
}
