package io.rap.fabric.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /node-api/v1/nodes/{nodeId}/desired-state?cluster=}: what one cluster membership
 * of a node is authorized to do. {@code version} only grows; a heartbeat answer carries the
 * current one so the agent fetches this again only when it changed.
 */
public record DesiredState(UUID nodeId, UUID clusterId, long version, List<RoleGrant> roles,
                           List<DesiredWorkload> workloads) {

    public DesiredState {
        Check.required("nodeId", nodeId);
        Check.required("clusterId", clusterId);
        if (version < 0) {
            throw ProtocolException.invalidField("version", "version must not be negative");
        }
        roles = Check.list("roles", roles, Limits.MAX_ROLES);
        workloads = Check.list("workloads", workloads, Limits.MAX_WORKLOADS);
        Set<String> names = new HashSet<>();
        for (DesiredWorkload w : workloads) {
            if (!names.add(w.name())) {
                throw ProtocolException.invalidField("workloads", "workloads lists '" + w.name() + "' twice");
            }
        }
    }

    public JsonObject toJson() {
        JsonArrayBuilder roleArray = Json.arrayBuilder();
        roles.forEach(r -> roleArray.add(r.toJson()));
        JsonArrayBuilder workloadArray = Json.arrayBuilder();
        workloads.forEach(w -> workloadArray.add(w.toJson()));
        return Json.objectBuilder()
                .add("nodeId", nodeId.toString())
                .add("clusterId", clusterId.toString())
                .add("version", version)
                .add("roles", roleArray)
                .add("workloads", workloadArray)
                .build();
    }

    public static DesiredState fromJson(JsonObject json) {
        List<RoleGrant> roles = new ArrayList<>();
        List<JsonObject> roleObjects = Json.objectList(json, "roles", Limits.MAX_ROLES);
        for (int i = 0; i < roleObjects.size(); i++) {
            try {
                roles.add(RoleGrant.fromJson(roleObjects.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn("roles[" + i + "]");
            }
        }
        List<DesiredWorkload> workloads = new ArrayList<>();
        List<JsonObject> workloadObjects = Json.objectList(json, "workloads", Limits.MAX_WORKLOADS);
        for (int i = 0; i < workloadObjects.size(); i++) {
            try {
                workloads.add(DesiredWorkload.fromJson(workloadObjects.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn("workloads[" + i + "]");
            }
        }
        return new DesiredState(Json.requireUuid(json, "nodeId"), Json.requireUuid(json, "clusterId"),
                Json.requireLong(json, "version", 0, Long.MAX_VALUE), roles, workloads);
    }
}
