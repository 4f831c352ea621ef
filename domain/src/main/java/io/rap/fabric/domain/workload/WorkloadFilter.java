package io.rap.fabric.domain.workload;

import io.rap.fabric.domain.shared.ValidationException;
import java.util.List;
import java.util.UUID;

/**
 * What the cluster-wide workload list shows: one cluster (required: desired state is per
 * membership, and a cross-cluster list of placements would mix trust domains), optionally only
 * one reported state ({@link #REPORTED_STATES}, or {@link #UNREPORTED} for workloads the node never
 * reported), one workload type, or one desired value. {@code sortBy} is one of {@link #SORT_FIELDS}.
 */
public record WorkloadFilter(UUID clusterId, String reportedState, String type, String desired, String sortBy,
                             boolean ascending) {

    public static final String UNREPORTED = "unreported";
    public static final List<String> REPORTED_STATES = List.of("starting", "running", "stopping", "stopped",
            "degraded", "failed");
    public static final List<String> SORT_FIELDS = List.of("node", "name", "type", "desired", "reported",
            "reportedAt");

    public WorkloadFilter {
        if (clusterId == null) {
            throw new ValidationException("clusterId", "Choose a cluster");
        }
        reportedState = blankToNull(reportedState);
        type = blankToNull(type);
        desired = blankToNull(desired);
        sortBy = sortBy == null || sortBy.isBlank() ? "node" : sortBy;
        if (reportedState != null && !UNREPORTED.equals(reportedState) && !REPORTED_STATES.contains(reportedState)) {
            throw new ValidationException("reportedState", "Unknown reported state '" + reportedState + "'");
        }
        if (desired != null && !ServiceInstance.ENABLED.equals(desired) && !ServiceInstance.DISABLED.equals(desired)) {
            throw new ValidationException("desired", "Desired is enabled or disabled");
        }
        if (!SORT_FIELDS.contains(sortBy)) {
            throw new ValidationException("sortBy", "Workloads can be sorted by " + SORT_FIELDS);
        }
    }

    /** Every workload of the cluster, by node and name. */
    public static WorkloadFilter of(UUID clusterId) {
        return new WorkloadFilter(clusterId, null, null, null, null, true);
    }

    public WorkloadFilter withReportedState(String state) {
        return new WorkloadFilter(clusterId, state, type, desired, sortBy, ascending);
    }

    public WorkloadFilter withType(String workloadType) {
        return new WorkloadFilter(clusterId, reportedState, workloadType, desired, sortBy, ascending);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
