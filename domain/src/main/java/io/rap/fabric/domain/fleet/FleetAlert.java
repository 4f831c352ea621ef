package io.rap.fabric.domain.fleet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One current alert, derived from the state in PostgreSQL when asked (there is no alert table to
 * drift from the facts).
 *
 * @param since       since when the condition holds: a silent node's last heartbeat, a certificate's
 *                    not-after, the authority change, the failed workload's report, the last heartbeat
 *                    of a role's holders; null when unknown
 * @param subjectId   the node the alert is about, or null for cluster-wide alerts
 * @param detail      what exactly: the authority state, certificate serial, workload name or role
 */
public record FleetAlert(String kind, String severity, Instant since, UUID clusterId, String clusterName,
                         UUID subjectId, String subjectName, String detail) {

    public static final String CLUSTER_NOT_HEALTHY = "cluster_not_healthy";
    public static final String NODE_SILENT = "node_silent";
    public static final String CERTIFICATE_EXPIRING = "certificate_expiring";
    public static final String WORKLOAD_FAILED = "workload_failed";
    public static final String ROLE_COVERAGE_GAP = "role_coverage_gap";

    public static final List<String> KINDS = List.of(CLUSTER_NOT_HEALTHY, ROLE_COVERAGE_GAP, NODE_SILENT,
            CERTIFICATE_EXPIRING, WORKLOAD_FAILED);

    public static final String CRITICAL = "critical";
    public static final String WARNING = "warning";
}
