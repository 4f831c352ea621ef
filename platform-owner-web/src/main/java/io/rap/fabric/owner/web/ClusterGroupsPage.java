package io.rap.fabric.owner.web;

import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.GroupTreeActions;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The node group part of the cluster page: the cluster's group tree (create, rename, move,
 * delete) and the cluster's node table, filtered by the group chosen in the tree or the select
 * ({@code cluster.xhtml?id=&group=}). The tree actions are {@link GroupTreeActions}, shared with
 * the cluster portal's groups page; on success the page reloads on the group it acted on.
 */
@Named("clusterGroups")
@ViewScoped
public class ClusterGroupsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The filter choice for memberships in no group. */
    static final String UNGROUPED = "none";

    @Inject
    NodeGroupService groups;

    @Inject
    NodeService nodes;

    @Inject
    CurrentCaller caller;

    private UUID clusterId;
    private GroupTreeActions actions = GroupTreeActions.none();
    private String filter;
    private PagedModel<NodeSummary> nodeModel;

    /** View action; an unknown cluster leaves the section empty and the cluster page says why. */
    public void load() {
        Map<String, String> params = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
        String group = params.get("group");
        try {
            clusterId = UUID.fromString(params.get("id"));
            UUID cluster = clusterId;
            // "none" is the ungrouped filter, not a group that went missing
            actions = new GroupTreeActions(groups, caller, cluster, UNGROUPED.equals(group) ? null : group,
                    groupId -> show(cluster, groupId));
        } catch (IllegalArgumentException | NullPointerException | DomainException e) {
            clusterId = null;
            return;
        }
        NodeGroupView selected = actions.getSelected();
        filter = selected != null ? selected.id().toString() : UNGROUPED.equals(group) ? UNGROUPED : "";
        applyFilter();
    }

    /** Applies the node table's group filter (SQL-side, through the paged query). */
    public void applyFilter() {
        if (clusterId == null) {
            return;
        }
        UUID cluster = clusterId;
        GroupFilter chosen = UNGROUPED.equals(filter) ? GroupFilter.ungroupedOnly()
                : GroupFilter.within(actions.getTree().find(filter).map(NodeGroupView::id).orElse(null));
        nodeModel = new PagedModel<>(page -> nodes.list(caller.get(), cluster, chosen, page));
    }

    private static String show(UUID clusterId, UUID groupId) {
        return "/cluster?faces-redirect=true&id=" + clusterId + (groupId == null ? "" : "&group=" + groupId);
    }

    public List<SelectItem> getFilterChoices() {
        List<SelectItem> items = new ArrayList<>();
        items.add(new SelectItem("", Messages.text("group.filterAll")));
        items.add(new SelectItem(UNGROUPED, Messages.text("group.filterNone")));
        items.addAll(actions.getTree().choices(null, null));
        return items;
    }

    public boolean isAvailable() { return clusterId != null; }
    public GroupTreeActions getActions() { return actions; }
    public PagedModel<NodeSummary> getNodeModel() { return nodeModel; }
    public String getFilter() { return filter; }
    public void setFilter(String filter) { this.filter = filter; }
}
