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
 *
 * <p>{@code telemetry}: the test telemetry flags in effect for the membership, at most one per
 * name (absent in JSON when there are none). Enabling or disabling one changes {@code version};
 * its expiry does not, so the agent drops a flag at its {@code expiresAt} by itself.
 */
public record DesiredState(UUID nodeId, UUID clusterId, long version, List<RoleGrant> roles,
                           List<DesiredWorkload> workloads, List<TelemetryFlag> telemetry) {

    public DesiredState {
        Check.required("nodeId", nodeId);
        Check.required("clusterId", clusterId);
        if (version < 0) {
            throw ProtocolException.invalidField("version", "version must not be negative");
        }
        roles = Check.list("roles", roles, Limits.MAX_ROLES);
        workloads = Check.list("workloads", workloads, Limits.MAX_WORKLOADS);
        telemetry = telemetry == null ? List.of() : Check.list("telemetry", telemetry, Limits.MAX_TELEMETRY_FLAGS);
        Set<String> flagNames = new HashSet<>();
        for (TelemetryFlag f : telemetry) {
            if (!flagNames.add(f.name())) {
                throw ProtocolException.invalidField("telemetry", "telemetry lists '" + f.name() + "' twice");
            }
        }
        Set<String> names = new HashSet<>();
        for (DesiredWorkload w : workloads) {
            if (!names.add(w.name())) {
                throw ProtocolException.invalidField("workloads", "workloads lists '" + w.name() + "' twice");
            }
        }
    }

    /** Without telemetry flags. */
    public DesiredState(UUID nodeId, UUID clusterId, long version, List<RoleGrant> roles,
                        List<DesiredWorkload> workloads) {
        this(nodeId, clusterId, version, roles, workloads, List.of());
    }

    /** The flags that apply at {@code now}: an expired one counts as off, whatever version announced it. */
    public Set<String> telemetryAt(java.time.Instant now) {
        Set<String> on = new HashSet<>();
        telemetry.stream().filter(f -> f.appliesAt(now)).forEach(f -> on.add(f.name()));
        return Set.copyOf(on);
    }

    public JsonObject toJson() {
        JsonArrayBuilder roleArray = Json.arrayBuilder();
        roles.forEach(r -> roleArray.add(r.toJson()));
        JsonArrayBuilder workloadArray = Json.arrayBuilder();
        workloads.forEach(w -> workloadArray.add(w.toJson()));
        var json = Json.objectBuilder()
                .add("nodeId", nodeId.toString())
                .add("clusterId", clusterId.toString())
                .add("version", version)
                .add("roles", roleArray)
                .add("workloads", workloadArray);
        if (!telemetry.isEmpty()) {
            JsonArrayBuilder flagArray = Json.arrayBuilder();
            telemetry.forEach(f -> flagArray.add(f.toJson()));
            json.add("telemetry", flagArray);
        }
        return json.build();
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
        List<TelemetryFlag> telemetry = new ArrayList<>();
        List<JsonObject> flagObjects = Json.objectList(json, "telemetry", Limits.MAX_TELEMETRY_FLAGS);
        for (int i = 0; i < flagObjects.size(); i++) {
            try {
                telemetry.add(TelemetryFlag.fromJson(flagObjects.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn("telemetry[" + i + "]");
            }
        }
        return new DesiredState(Json.requireUuid(json, "nodeId"), Json.requireUuid(json, "clusterId"),
                Json.requireLong(json, "version", 0, Long.MAX_VALUE), roles, workloads, telemetry);
    }
}
