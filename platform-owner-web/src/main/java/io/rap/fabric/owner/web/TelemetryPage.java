package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.organization.OrganizationListing;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.telemetry.NewTelemetryFlag;
import io.rap.fabric.domain.telemetry.TelemetryFlagName;
import io.rap.fabric.domain.telemetry.TelemetryFlagView;
import io.rap.fabric.domain.telemetry.TelemetryService;
import io.rap.fabric.domain.telemetry.TelemetryTarget;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Test telemetry flags: every flag with its scope, target and status, and the enable form (scope,
 * target, flag, hours, reason). Not high-risk, so no step-up; the domain allows the owner only.
 * The node page links here with {@code ?cluster=&node=} to preselect one membership.
 */
@Named
@ViewScoped
public class TelemetryPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    TelemetryService telemetry;

    @Inject
    ClusterService clusters;

    @Inject
    OrganizationService organizations;

    @Inject
    NodeService nodes;

    @Inject
    CurrentCaller caller;

    private String status;
    private String scopeType = TelemetryTarget.CLUSTER;
    private UUID clusterId;
    private UUID nodeId;
    private UUID organizationId;
    private String flag = TelemetryFlagName.LINK_TRACE.wireName();
    private Integer hours = TelemetryService.DEFAULT_HOURS;
    private String reason;
    private String clusterParam;
    private String nodeParam;
    private List<ClusterView> clusterChoices = List.of();
    private List<OrganizationListing> organizationChoices = List.of();
    private List<NodeSummary> nodeChoices = List.of();
    private final PagedModel<TelemetryFlagView> model =
            new PagedModel<>(page -> telemetry.list(caller.get(), status, page));

    /** View action: the targets to choose from, and the membership the node page asked for. */
    public void load() {
        try {
            PageRequest all = PageRequest.first(PageRequest.MAX_LIMIT);
            clusterChoices = new ArrayList<>(clusters.list(caller.get(), all).items());
            organizationChoices = organizations.listAll(caller.get(), all).items();
            UUID wanted = parse(clusterParam);
            if (wanted != null) {
                // a big fleet has more clusters than the menu lists: the one asked for is always offered
                if (clusterChoices.stream().noneMatch(c -> c.id().equals(wanted))) {
                    clusterChoices.add(0, clusters.get(caller.get(), wanted));
                }
                clusterId = wanted;
                nodeId = parse(nodeParam);
                scopeType = nodeId == null ? TelemetryTarget.CLUSTER : TelemetryTarget.NODE;
                clusterChanged();
            }
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** The nodes of the chosen cluster, for a node-scoped flag. */
    public void clusterChanged() {
        try {
            nodeChoices = clusterId == null ? List.of()
                    : nodes.list(caller.get(), clusterId, PageRequest.first(PageRequest.MAX_LIMIT)).items();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void enable() {
        try {
            TelemetryTarget target = switch (scopeType == null ? "" : scopeType) {
                case TelemetryTarget.NODE -> TelemetryTarget.node(clusterId, nodeId);
                case TelemetryTarget.ORGANIZATION -> TelemetryTarget.organization(organizationId);
                case TelemetryTarget.CLUSTER -> TelemetryTarget.cluster(clusterId);
                default -> new TelemetryTarget(scopeType, null, null, null);
            };
            TelemetryFlagView enabled = telemetry.enable(caller.get(), new NewTelemetryFlag(target, flag, hours, reason));
            Messages.info("telemetry.enabled", enabled.flag(), enabled.targetName());
            reason = null;
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void disable(UUID flagId, long version) {
        try {
            TelemetryFlagView disabled = telemetry.disable(caller.get(), flagId, version);
            Messages.info("telemetry.disabled", disabled.flag(), disabled.targetName());
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public List<String> getFlagChoices() {
        return Arrays.stream(TelemetryFlagName.values()).map(TelemetryFlagName::wireName).toList();
    }

    private static UUID parse(String value) {
        try {
            return value == null || value.isBlank() ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public PagedModel<TelemetryFlagView> getModel() { return model; }
    public List<ClusterView> getClusterChoices() { return clusterChoices; }
    public List<OrganizationListing> getOrganizationChoices() { return organizationChoices; }
    public List<NodeSummary> getNodeChoices() { return nodeChoices; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getScopeType() { return scopeType; }
    public void setScopeType(String scopeType) { this.scopeType = scopeType; }
    public UUID getClusterId() { return clusterId; }
    public void setClusterId(UUID clusterId) { this.clusterId = clusterId; }
    public UUID getNodeId() { return nodeId; }
    public void setNodeId(UUID nodeId) { this.nodeId = nodeId; }
    public UUID getOrganizationId() { return organizationId; }
    public void setOrganizationId(UUID organizationId) { this.organizationId = organizationId; }
    public String getFlag() { return flag; }
    public void setFlag(String flag) { this.flag = flag; }
    public Integer getHours() { return hours; }
    public void setHours(Integer hours) { this.hours = hours; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getClusterParam() { return clusterParam; }
    public void setClusterParam(String clusterParam) { this.clusterParam = clusterParam; }
    public String getNodeParam() { return nodeParam; }
    public void setNodeParam(String nodeParam) { this.nodeParam = nodeParam; }
}
