package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.web.GroupTree;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every node membership of every cluster, or of one cluster and one of its node groups, further
 * narrowed by view parameters ({@code cluster}, {@code health}, {@code status}, {@code role}) that
 * the overview, health and compare pages link with. The domain applies every filter in SQL; a bad
 * parameter shows what was wrong and lists nothing rather than everything. The group choices are
 * those of the chosen cluster.
 */
@Named
@ViewScoped
public class NodesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The filter choice for memberships in no group. */
    static final String UNGROUPED = "none";
    /** More clusters than this are not a select's job; the cluster page has each one's groups. */

    @Inject
    NodeService nodes;

    @Inject
    ClusterService clusters;

    @Inject
    NodeGroupService groups;

    @Inject
    CurrentCaller caller;

    private String cluster;
    private String health;
    private String status;
    private String role;
    private String group;
    private UUID clusterId;
    private NodeFilter filter = NodeFilter.none();
    private GroupFilter groupFilter = GroupFilter.any();
    private String filterError;
    private GroupTree tree = new GroupTree(List.of());
    private List<SelectItem> clusterChoices;

    private final PagedModel<NodeSummary> model = new PagedModel<>(page -> filterError != null
            ? new Page<>(List.of(), 0, page.offset(), page.limit())
            : nodes.list(caller.get(), clusterId, filter, groupFilter, page));

    /** View action: checks the filter parameters once, before the table asks for rows. */
    public void onLoad() {
        try {
            clusterId = cluster == null || cluster.isBlank() ? null : UUID.fromString(cluster.strip());
            filter = NodeFilter.of(health, status, role);
            loadTree();
        } catch (ValidationException e) {
            filterError = Messages.text("nodes.filter.invalid." + e.field());
        } catch (IllegalArgumentException e) {
            filterError = Messages.text("nodes.filter.invalid.cluster");
        }
    }

    /** A cluster was chosen: its groups become the group choices, and the group filter starts over. */
    public void changeCluster() {
        group = null;
        filterError = null;
        clusterId = ClusterChoice.parse(cluster);
        loadTree();
        applyFilter();
    }

    public void applyFilter() {
        groupFilter = UNGROUPED.equals(group) ? GroupFilter.ungroupedOnly()
                : GroupFilter.within(tree.find(group).map(NodeGroupView::id).orElse(null));
    }

    private void loadTree() {
        try {
            tree = new GroupTree(clusterId == null ? List.of() : groups.tree(caller.get(), clusterId));
        } catch (DomainException e) {
            Messages.error(e);
            cluster = null;
            clusterId = null;
            tree = new GroupTree(List.of());
        }
    }

    public List<SelectItem> getClusterChoices() {
        if (clusterChoices == null) {
            clusterChoices = ClusterChoice.filterChoices(clusters, caller.get());
        }
        return clusterChoices;
    }

    public List<SelectItem> getGroupChoices() {
        List<SelectItem> items = new ArrayList<>();
        items.add(new SelectItem("", Messages.text("group.filterAll")));
        if (clusterId != null) {
            items.add(new SelectItem(UNGROUPED, Messages.text("group.filterNone")));
            items.addAll(tree.choices(null, null));
        }
        return items;
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
    public String getGroup() { return group; }
    public void setGroup(String group) { this.group = group; }
}
