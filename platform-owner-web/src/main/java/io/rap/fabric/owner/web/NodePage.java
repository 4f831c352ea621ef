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

    private String id;
    private NodeDetail node;
    private PagedModel<AuditView> timeline;

    public void load() {
        try {
            UUID nodeId = UUID.fromString(id);
            node = nodes.detail(caller.get(), nodeId);
            timeline = new PagedModel<>(page -> audit.list(caller.get(), AuditFilter.none().withNode(nodeId), page));
        } catch (IllegalArgumentException | NullPointerException e) {
            Messages.errorKey("node.notFound");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public NodeDetail getNode() { return node; }
    public PagedModel<AuditView> getTimeline() { return timeline; }
}
