package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.UUID;

/** An organization's entry point that an ingress node serves: the public name and port it accepts clients on. */
public record SnapshotEntryPoint(UUID id, UUID organizationId, String hostname, int port) {

    public SnapshotEntryPoint {
        Check.required("id", id);
        Check.required("organizationId", organizationId);
        Check.line("hostname", hostname, Limits.MAX_HOSTNAME_LENGTH);
        if (port < 1 || port > 65535) {
            throw ProtocolException.invalidField("port", "port must be between 1 and 65535");
        }
    }

    public JsonObject toJson() {
        return Json.objectBuilder().add("id", id.toString()).add("organizationId", organizationId.toString())
                .add("hostname", hostname).add("port", port).build();
    }

    public static SnapshotEntryPoint fromJson(JsonObject json) {
        return new SnapshotEntryPoint(Json.requireUuid(json, "id"), Json.requireUuid(json, "organizationId"),
                Json.requireString(json, "hostname", Limits.MAX_HOSTNAME_LENGTH), Json.requireInt(json, "port", 1, 65535));
    }
}
