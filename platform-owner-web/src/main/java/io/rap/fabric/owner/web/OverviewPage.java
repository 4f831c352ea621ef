package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.fleet.FleetHealth;
import io.rap.fabric.domain.fleet.FleetOverview;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.CurrentCaller;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** The fleet at a glance: every number is one aggregate of {@link FleetHealth#overview} and links to its list. */
@Named
@ViewScoped
public class OverviewPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    FleetHealth fleet;

    @Inject
    AuditService audit;

    @Inject
    CurrentCaller caller;

    private FleetOverview overview;
    private List<AuditView> recentEvents;

    @PostConstruct
    void load() {
        overview = fleet.currentOverview(caller.get());
        recentEvents = audit.list(caller.get(), AuditFilter.none(), PageRequest.first(10)).items();
    }

    public FleetOverview getOverview() { return overview; }
    public List<String> getHealthKeys() { return FleetHealth.HEALTH_KEYS; }
    public List<Count> getWorkloadStates() { return Count.of(overview.workloads()); }
    public List<AuditView> getRecentEvents() { return recentEvents; }
}
