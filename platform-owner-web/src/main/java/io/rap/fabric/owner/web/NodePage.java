package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.node.NodeDetail;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.trust.CertificateView;
import io.rap.fabric.domain.trust.NodeCertificateService;
import io.rap.fabric.web.GroupTree;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.ResumableAction;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@Named
@ViewScoped
public class NodePage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    NodeService nodes;

    @Inject
    NodeCertificateService certificateService;

    @Inject
    AuditService audit;

    @Inject
    NodeGroupService groups;

    @Inject
    CurrentCaller caller;

    @Inject
    HighRiskActions highRisk;

    private String id;
    private String resume;
    private String stepUp;
    private String reason;
    private NodeDetail node;
    private List<CertificateView> certificates = List.of();
    private Map<UUID, String> clusterNames = Map.of();
    private PagedModel<AuditView> timeline;
    /** Per membership (cluster id): that cluster's group tree and the group chosen in the form. */
    private Map<UUID, GroupTree> groupTrees = Map.of();
    private final Map<UUID, String> groupChoice = new HashMap<>();

    public void load() {
        try {
            UUID nodeId = UUID.fromString(id);
            refresh(nodeId);
            timeline = new PagedModel<>(page -> audit.list(caller.get(), AuditFilter.none().withNode(nodeId), page));
            if (resume != null) {
                highRisk.resume(resume, "failed".equals(stepUp), this::execute);
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            Messages.errorKey("node.notFound");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** High-risk (step-up): the node's identity in that cluster stops working at its next request. */
    public void revokeIdentity(UUID clusterId) {
        runOnMembership("revoke", clusterId);
    }

    /** High-risk (step-up): only this cluster's membership; the node's other memberships keep working. */
    public void disableMembership(UUID clusterId) {
        runOnMembership("disable", clusterId);
    }

    /**
     * High-risk (step-up): one certificate stops working at once and is listed for peers; the
     * node's other certificates (e.g. the one it rotated to) keep working.
     */
    public void revokeCertificate(UUID clusterId, String serial) {
        // Neither a UUID nor a hex serial has a ':', so cluster, serial and reason travel as one argument.
        highRisk.run(new ResumableAction("revokeCertificate", node.id(), clusterId + ":" + serial + ":"
                + (reason == null ? "" : reason), "/node.xhtml?id=" + node.id()), this::execute);
    }

    private void runOnMembership(String kind, UUID clusterId) {
        // A UUID has no ':', so cluster and reason travel as one argument.
        highRisk.run(new ResumableAction(kind, node.id(), clusterId + ":" + (reason == null ? "" : reason),
                "/node.xhtml?id=" + node.id()), this::execute);
    }

    private void execute(ResumableAction action) {
        String[] clusterAndReason = action.argument().split(":", 2);
        UUID clusterId = UUID.fromString(clusterAndReason[0]);
        switch (action.kind()) {
            case "revokeCertificate" -> {
                String[] serialAndReason = clusterAndReason[1].split(":", 2);
                certificateService.revokeCertificate(caller.get(), clusterId, serialAndReason[0], serialAndReason[1]);
                Messages.info("node.certificateRevoked");
            }
            case "revoke" -> {
                nodes.revokeIdentity(caller.get(), action.target(), clusterId, clusterAndReason[1]);
                Messages.info("node.identityRevoked");
            }
            case "disable" -> {
                nodes.disableMembership(caller.get(), action.target(), clusterId, clusterAndReason[1]);
                Messages.info("node.membershipDisabled");
            }
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
        refresh(action.target());
    }

    private void refresh(UUID nodeId) {
        node = nodes.detail(caller.get(), nodeId);
        certificates = certificateService.certificates(caller.get(), nodeId);
        clusterNames = node.memberships().stream()
                .collect(Collectors.toMap(NodeDetail.Membership::clusterId, NodeDetail.Membership::clusterName));
        groupTrees = node.memberships().stream().collect(Collectors.toMap(NodeDetail.Membership::clusterId,
                m -> new GroupTree(groups.tree(caller.get(), m.clusterId()))));
        groupChoice.clear();
        node.memberships().forEach(m -> groupChoice.put(m.clusterId(),
                m.groupId() == null ? "" : m.groupId().toString()));
    }

    /** Files the membership in that cluster into the chosen group (not high-risk: a group is no permission). */
    public void assignGroup(UUID clusterId) {
        try {
            // an id that is not a group of that cluster is no choice: the domain asks for one
            groups.assign(caller.get(), clusterId, node.id(), groupTrees.getOrDefault(clusterId,
                    new GroupTree(List.of())).find(groupChoice.get(clusterId)).map(g -> g.id()).orElse(null));
            Messages.info("group.assigned");
            refresh(node.id());
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void unassignGroup(UUID clusterId) {
        try {
            groups.unassign(caller.get(), clusterId, node.id());
            Messages.info("group.unassigned");
            refresh(node.id());
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** The groups of one of this node's clusters, for its membership's select. */
    public List<SelectItem> groupChoices(UUID clusterId) {
        return groupTrees.getOrDefault(clusterId, new GroupTree(List.of())).choices("", Messages.text("group.choose"));
    }

    /** The name of one of this node's clusters, for the certificate table. */
    public String clusterName(UUID clusterId) {
        return clusterNames.getOrDefault(clusterId, String.valueOf(clusterId));
    }

    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public Map<UUID, String> getGroupChoice() { return groupChoice; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public NodeDetail getNode() { return node; }
    public List<CertificateView> getCertificates() { return certificates; }
    public PagedModel<AuditView> getTimeline() { return timeline; }
}
