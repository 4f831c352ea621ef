package io.rap.fabric.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /node-api/v1/nodes/{nodeId}/workload-reports}: workload states of one cluster
 * membership, sent as soon as they change instead of waiting for the next heartbeat. A report
 * may be partial: workloads it does not name keep their last reported state. Answered with
 * {@code 204}.
 */
public record WorkloadReport(UUID clusterId, List<WorkloadState> workloads) {

    public WorkloadReport {
        Check.required("clusterId", clusterId);
        workloads = Check.list("workloads", workloads, Limits.MAX_WORKLOADS);
        Set<String> names = new HashSet<>();
        for (WorkloadState w : workloads) {
            if (!names.add(w.name())) {
                throw ProtocolException.invalidField("workloads", "workloads lists '" + w.name() + "' twice");
            }
        }
    }

    public JsonObject toJson() {
        JsonArrayBuilder array = Json.arrayBuilder();
        workloads.forEach(w -> array.add(w.toJson()));
        return Json.objectBuilder()
                .add("clusterId", clusterId.toString())
                .add("workloads", array)
                .build();
    }

    public static WorkloadReport fromJson(JsonObject json) {
        List<JsonObject> objects = Json.objectList(json, "workloads", Limits.MAX_WORKLOADS);
        List<WorkloadState> workloads = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            try {
                workloads.add(WorkloadState.fromJson(objects.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn("workloads[" + i + "]");
            }
        }
        return new WorkloadReport(Json.requireUuid(json, "clusterId"), workloads);
    }
}
