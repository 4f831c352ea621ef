package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Set;

/**
 * The reported state of one workload on a node. Workloads the node cannot run are
 * reported {@code degraded} with a reason, never pretended to run.
 */
public record WorkloadState(String name, String type, String state, String reason) {

    public static final Set<String> STATES = Set.of("starting", "running", "stopping", "stopped", "degraded", "failed");

    public WorkloadState {
        Check.name("name", name, Limits.MAX_WORKLOAD_NAME_LENGTH);
        Check.identifier("type", type);
        Check.oneOf("state", state, STATES);
        Check.optionalText("reason", reason, Limits.MAX_REASON_LENGTH);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.objectBuilder()
                .add("name", name)
                .add("type", type)
                .add("state", state);
        return Json.addOptional(json, "reason", reason).build();
    }

    public static WorkloadState fromJson(JsonObject json) {
        return new WorkloadState(
                Json.requireString(json, "name", Limits.MAX_WORKLOAD_NAME_LENGTH),
                Json.requireString(json, "type", Limits.MAX_IDENTIFIER_LENGTH),
                Json.requireString(json, "state", Limits.MAX_IDENTIFIER_LENGTH),
                Json.optionalString(json, "reason", Limits.MAX_REASON_LENGTH));
    }
}
