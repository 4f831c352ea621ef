package io.rap.fabric.owner.web;

import io.rap.fabric.domain.node.NodeFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * All nodes, optionally narrowed by view parameters ({@code cluster}, {@code health},
 * {@code status}, {@code role}) that the overview, health and compare pages link with; the domain
 * applies them in SQL. A bad value shows what was wrong and lists nothing rather than everything.
 */
@Named
@ViewScoped
public class NodesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    NodeService nodes;

    @Inject
    CurrentCaller caller;

    private String cluster;
    private String health;
    private String status;
    private String role;
    private UUID clusterId;
    private NodeFilter filter = NodeFilter.none();
    private String filterError;

    private final PagedModel<NodeSummary> model = new PagedModel<>(page -> filterError != null
            ? new Page<>(List.of(), 0, page.offset(), page.limit())
            : nodes.list(caller.get(), clusterId, filter, page));

    /** View action: checks the filter parameters once, before the table asks for rows. */
    public void onLoad() {
        try {
            clusterId = cluster == null || cluster.isBlank() ? null : UUID.fromString(cluster.strip());
            filter = NodeFilter.of(health, status, role);
        } catch (ValidationException e) {
            filterError = Messages.text("nodes.filter.invalid." + e.field());
        } catch (IllegalArgumentException e) {
            filterError = Messages.text("nodes.filter.invalid.cluster");
        }
    }

    public boolean isFiltered() { return clusterId != null || !filter.isEmpty(); }
    public PagedModel<NodeSummary> getModel() { return model; }
    public NodeFilter getFilter() { return filter; }
    public UUID getClusterId() { return clusterId; }
    public String getFilterError() { return filterError; }
    public String getCluster() { return cluster; }
    public void setCluster(String cluster) { this.cluster = cluster; }
    public String getHealth() { return health; }
    public void setHealth(String health) { this.health = health; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
}
