package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.Set;
import java.util.UUID;

/**
 * A target an egress or service node connects to on an organization's behalf. The protocol picks
 * the adapter (RDP, VNC, SSH) of the one remote-access service; no credentials ever travel here.
 */
public record SnapshotResource(UUID id, UUID organizationId, String protocol, String host, int port) {

    public static final Set<String> PROTOCOLS = Set.of("rdp", "vnc", "ssh");

    public SnapshotResource {
        Check.required("id", id);
        Check.required("organizationId", organizationId);
        Check.oneOf("protocol", protocol, PROTOCOLS);
        Check.line("host", host, Limits.MAX_HOSTNAME_LENGTH);
        if (port < 1 || port > 65535) {
            throw ProtocolException.invalidField("port", "port must be between 1 and 65535");
        }
    }

    public JsonObject toJson() {
        return Json.objectBuilder().add("id", id.toString()).add("organizationId", organizationId.toString())
                .add("protocol", protocol).add("host", host).add("port", port).build();
    }

    public static SnapshotResource fromJson(JsonObject json) {
        return new SnapshotResource(Json.requireUuid(json, "id"), Json.requireUuid(json, "organizationId"),
                Json.requireString(json, "protocol", Limits.MAX_IDENTIFIER_LENGTH),
                Json.requireString(json, "host", Limits.MAX_HOSTNAME_LENGTH), Json.requireInt(json, "port", 1, 65535));
    }
}
