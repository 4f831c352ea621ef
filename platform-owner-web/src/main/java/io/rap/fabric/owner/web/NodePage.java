package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.node.NodeDetail;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.shared.DomainException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.UUID;

@Named
@ViewScoped
public class NodePage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    NodeService nodes;

    @Inject
    AuditService audit;

    @Inject
    CurrentCaller caller;

    @Inject
    HighRiskActions highRisk;

    private String id;
    private String resume;
    private String stepUp;
    private String reason;
    private NodeDetail node;
    private PagedModel<AuditView> timeline;

    public void load() {
        try {
            UUID nodeId = UUID.fromString(id);
            node = nodes.detail(caller.get(), nodeId);
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

    private void runOnMembership(String kind, UUID clusterId) {
        // A UUID has no ':', so cluster and reason travel as one argument.
        highRisk.run(new ResumableAction(kind, node.id(), clusterId + ":" + (reason == null ? "" : reason),
                "/node.xhtml?id=" + node.id()), this::execute);
    }

    private void execute(ResumableAction action) {
        String[] clusterAndReason = action.argument().split(":", 2);
        UUID clusterId = UUID.fromString(clusterAndReason[0]);
        switch (action.kind()) {
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
        node = nodes.detail(caller.get(), action.target());
    }

    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public NodeDetail getNode() { return node; }
    public PagedModel<AuditView> getTimeline() { return timeline; }
}
