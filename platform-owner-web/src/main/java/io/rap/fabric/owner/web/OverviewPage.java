package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.CurrentCaller;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

@Named
@ViewScoped
public class OverviewPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ClusterService clusters;

    @Inject
    NodeService nodes;

    @Inject
    EnrollmentService enrollments;

    @Inject
    AuditService audit;

    @Inject
    CurrentCaller caller;

    private long clusterCount;
    private long nodeCount;
    private long pendingRequests;
    private List<AuditView> recentEvents;

    @PostConstruct
    void load() {
        PageRequest one = PageRequest.first(1);
        clusterCount = clusters.list(caller.get(), one).total();
        nodeCount = nodes.list(caller.get(), null, one).total();
        pendingRequests = enrollments.list(caller.get(), null, "pending", one).total();
        recentEvents = audit.list(caller.get(), AuditFilter.none(), PageRequest.first(10)).items();
    }

    public long getClusterCount() { return clusterCount; }
    public long getNodeCount() { return nodeCount; }
    public long getPendingRequests() { return pendingRequests; }
    public List<AuditView> getRecentEvents() { return recentEvents; }
}
