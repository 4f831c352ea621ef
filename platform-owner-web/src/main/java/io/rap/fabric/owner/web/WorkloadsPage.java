package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.workload.ClusterWorkloadService;
import io.rap.fabric.domain.workload.ClusterWorkloadView;
import io.rap.fabric.domain.workload.WorkloadFilter;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Service workloads across one cluster: desired next to reported per node, filtered by reported
 * state and type, and enabling or disabling one desired workload with the same domain methods
 * (and step-up rules) as the node page.
 */
@Named
@ViewScoped
public class WorkloadsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String ENABLE = "workloads.enable";
    static final String DISABLE = "workloads.disable";

    @Inject
    ClusterWorkloadService overview;

    @Inject
    WorkloadService workloads;

    @Inject
    ClusterService clusters;

    @Inject
    CurrentCaller caller;

    @Inject
    HighRiskActions highRisk;

    /** The cluster as view parameter {@code id}: the step-up round trip returns to the same cluster. */
    private String id;
    private String resume;
    private String stepUp;
    private UUID clusterId;
    private String state;
    private String type;
    private List<ClusterView> clusterOptions = List.of();
    private WorkloadFilter applied;

    private final PagedModel<ClusterWorkloadView> model = PagedModel.sorted((page, field, ascending) ->
            applied == null ? new Page<>(List.of(), 0, page.offset(), page.limit())
                    : overview.list(caller.get(), new WorkloadFilter(applied.clusterId(), applied.reportedState(),
                            applied.type(), applied.desired(), field, field == null || ascending), page));

    /** View action: the clusters to choose from (the first one unless the URL names one), and a parked change. */
    public void load() {
        try {
            clusterOptions = ClusterChoice.options(clusters, caller.get());
            clusterId = ClusterChoice.parse(id);
            if (clusterId == null && !clusterOptions.isEmpty()) {
                clusterId = clusterOptions.get(0).id();
            }
            applied = clusterId == null ? null : WorkloadFilter.of(clusterId);
            if (resume != null) {
                // only this page's own kinds: a key parked by another page must not run here
                highRisk.resume(resume, "failed".equals(stepUp),
                        a -> ENABLE.equals(a.kind()) || DISABLE.equals(a.kind()), this::execute);
            }
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void apply() {
        try {
            applied = clusterId == null ? null : new WorkloadFilter(clusterId, state, type, null, null, true);
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** High-risk (step-up), widens what the node runs: the domain also wants a healthy authority. */
    public void enable(UUID workloadClusterId, UUID workloadId) {
        highRisk.run(new ResumableAction(ENABLE, workloadId, workloadClusterId.toString(),
                returnPage(workloadClusterId)), this::execute);
    }

    /** High-risk (step-up), allowed whatever the authority state: it only narrows what the node runs. */
    public void disable(UUID workloadClusterId, UUID workloadId) {
        highRisk.run(new ResumableAction(DISABLE, workloadId, workloadClusterId.toString(),
                returnPage(workloadClusterId)), this::execute);
    }

    private void execute(ResumableAction action) {
        UUID cluster = UUID.fromString(action.argument());
        switch (action.kind()) {
            case ENABLE -> Messages.info("desired.workloadEnabled",
                    workloads.enable(caller.get(), cluster, action.target()).name());
            case DISABLE -> Messages.info("desired.workloadDisabled",
                    workloads.disable(caller.get(), cluster, action.target()).name());
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
    }

    private static String returnPage(UUID cluster) {
        return "/workloads.xhtml?id=" + cluster;
    }

    /** The product's name for a workload type: remote access is one service, whatever protocol it adapts. */
    public String typeLabel(String workloadType) {
        String key = "workloads.type." + workloadType;
        String label = Messages.text(key);
        return label.equals(key) ? workloadType : label;
    }

    public List<String> getStates() {
        return java.util.stream.Stream.concat(WorkloadFilter.REPORTED_STATES.stream(),
                java.util.stream.Stream.of(WorkloadFilter.UNREPORTED)).toList();
    }

    public List<String> getTypes() { return WorkloadService.knownTypes(); }
    public PagedModel<ClusterWorkloadView> getModel() { return model; }
    public List<ClusterView> getClusterOptions() { return clusterOptions; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public UUID getClusterId() { return clusterId; }
    public void setClusterId(UUID clusterId) { this.clusterId = clusterId; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
}
