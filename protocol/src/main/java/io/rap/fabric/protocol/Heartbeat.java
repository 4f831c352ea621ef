package io.rap.fabric.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /node-api/v1/nodes/{nodeId}/heartbeats}. {@code facts} may be {@code null}
 * (absent in JSON) when the node has nothing new to report; {@code runtime} is {@code null}
 * unless the {@link TelemetryFlag#HEARTBEAT_DETAIL} flag applies.
 */
public record Heartbeat(UUID clusterId, String health, String agentVersion, Instant sentAt,
                        List<WorkloadState> workloads, HostFacts facts, RuntimeDetail runtime) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String UNHEALTHY = "unhealthy";
    public static final Set<String> HEALTH_VALUES = Set.of(HEALTHY, DEGRADED, UNHEALTHY);

    public Heartbeat {
        Check.required("clusterId", clusterId);
        Check.oneOf("health", health, HEALTH_VALUES);
        Check.line("agentVersion", agentVersion, Limits.MAX_SHORT_TEXT_LENGTH);
        Check.required("sentAt", sentAt);
        workloads = Check.list("workloads", workloads, Limits.MAX_WORKLOADS);
    }

    /** Without the runtime block. */
    public Heartbeat(UUID clusterId, String health, String agentVersion, Instant sentAt,
                     List<WorkloadState> workloads, HostFacts facts) {
        this(clusterId, health, agentVersion, sentAt, workloads, facts, null);
    }

    public JsonObject toJson() {
        JsonArrayBuilder workloadArray = Json.arrayBuilder();
        workloads.forEach(w -> workloadArray.add(w.toJson()));
        JsonObjectBuilder json = Json.objectBuilder()
                .add("clusterId", clusterId.toString())
                .add("health", health)
                .add("agentVersion", agentVersion)
                .add("sentAt", sentAt.toString())
                .add("workloads", workloadArray);
        if (facts != null) {
            json.add("facts", facts.toJson());
        }
        if (runtime != null) {
            json.add("runtime", runtime.toJson());
        }
        return json.build();
    }

    public static Heartbeat fromJson(JsonObject json) {
        List<JsonObject> workloadObjects = Json.objectList(json, "workloads", Limits.MAX_WORKLOADS);
        List<WorkloadState> workloads = new ArrayList<>(workloadObjects.size());
        for (int i = 0; i < workloadObjects.size(); i++) {
            try {
                workloads.add(WorkloadState.fromJson(workloadObjects.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn("workloads[" + i + "]");
            }
        }
        JsonObject facts = Json.optionalObject(json, "facts");
        JsonObject runtime = Json.optionalObject(json, "runtime");
        RuntimeDetail detail;
        try {
            detail = runtime == null ? null : RuntimeDetail.fromJson(runtime);
        } catch (ProtocolException e) {
            throw e.nestedIn("runtime");
        }
        return new Heartbeat(
                Json.requireUuid(json, "clusterId"),
                Json.requireString(json, "health", Limits.MAX_IDENTIFIER_LENGTH),
                Json.requireString(json, "agentVersion", Limits.MAX_SHORT_TEXT_LENGTH),
                Json.requireInstant(json, "sentAt"),
                workloads,
                facts == null ? null : HostFacts.fromJson(facts, "facts"),
                detail);
    }
}
