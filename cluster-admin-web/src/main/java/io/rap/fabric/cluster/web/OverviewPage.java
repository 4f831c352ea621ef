package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/** The cluster at a glance: authority, node counts by health, join requests waiting. */
@Named
@ViewScoped
public class OverviewPage extends ClusterScopedPage {

    private static final long serialVersionUID = 1L;

    @Inject
    ClusterService clusterService;

    @Inject
    NodeService nodes;

    @Inject
    EnrollmentService enrollments;

    private ClusterView cluster;
    private Map<String, Long> health = Map.of();
    private long pendingRequests;

    @Override
    protected void loaded() {
        cluster = clusterService.get(caller.get(), cluster());
        health = nodes.healthCounts(caller.get(), cluster());
        pendingRequests = enrollments.list(caller.get(), cluster(), "pending", PageRequest.first(1)).total();
    }

    public ClusterView getCluster() { return cluster; }
    public List<Map.Entry<String, Long>> getHealth() { return List.copyOf(health.entrySet()); }
    public long getPendingRequests() { return pendingRequests; }
}
