package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.UUID;

/** An active role assignment as the node sees it: the role, and the organization it is limited to (or none). */
public record RoleGrant(String role, UUID organizationId) {

    public RoleGrant {
        Check.identifier("role", role);
    }

    public JsonObject toJson() {
        return Json.addOptional(Json.objectBuilder().add("role", role), "organizationId",
                organizationId == null ? null : organizationId.toString()).build();
    }

    public static RoleGrant fromJson(JsonObject json) {
        return new RoleGrant(Json.requireString(json, "role", Limits.MAX_IDENTIFIER_LENGTH),
                Json.optionalUuid(json, "organizationId"));
    }
}
