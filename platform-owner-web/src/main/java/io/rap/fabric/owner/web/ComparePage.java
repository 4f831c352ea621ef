package io.rap.fabric.owner.web;

import io.rap.fabric.domain.fleet.ClusterComparison;
import io.rap.fabric.domain.fleet.FleetHealth;
import io.rap.fabric.domain.node.NodeFilter;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** Clusters side by side, a page of clusters at a time; each metric is one aggregate query for the page. */
@Named
@ViewScoped
public class ComparePage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    FleetHealth fleet;

    @Inject
    CurrentCaller caller;

    private final PagedModel<ClusterComparison> model = new PagedModel<>(page -> fleet.compare(caller.get(), page));

    public PagedModel<ClusterComparison> getModel() { return model; }
    public List<String> getHealthKeys() { return FleetHealth.HEALTH_KEYS; }
    public List<String> getMembershipStatuses() { return NodeFilter.STATUS; }

    /** A map's counts in key order, for ui:repeat. */
    public List<Count> entries(Map<String, Long> counts) {
        return Count.of(counts);
    }
}
