package io.rap.fabric.owner.web;

import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.web.GroupTree;
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
 * ({@code cluster.xhtml?id=&group=}). Each action is one service call; on success the page
 * reloads on the group it acted on.
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
    private GroupTree tree = new GroupTree(List.of());
    private NodeGroupView selected;
    private boolean selectionMissing;
    private String filter;
    private PagedModel<NodeSummary> nodeModel;
    private String newName;
    private String newParent;
    private String renameTo;
    private String moveTo;

    /** View action; an unknown cluster leaves the section empty and the cluster page says why. */
    public void load() {
        Map<String, String> params = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
        try {
            clusterId = UUID.fromString(params.get("id"));
            tree = new GroupTree(groups.tree(caller.get(), clusterId));
        } catch (IllegalArgumentException | NullPointerException | DomainException e) {
            clusterId = null;
            return;
        }
        String group = params.get("group");
        selected = tree.find(group).orElse(null);
        selectionMissing = selected == null && group != null && !group.isBlank() && !UNGROUPED.equals(group);
        filter = selected != null ? selected.id().toString() : UNGROUPED.equals(group) ? UNGROUPED : "";
        if (selected != null) {
            renameTo = selected.name();
            moveTo = selected.parentId() == null ? "" : selected.parentId().toString();
            newParent = selected.id().toString();
        }
        applyFilter();
    }

    /** Applies the node table's group filter (SQL-side, through the paged query). */
    public void applyFilter() {
        if (clusterId == null) {
            return;
        }
        UUID cluster = clusterId;
        GroupFilter chosen = UNGROUPED.equals(filter) ? GroupFilter.ungroupedOnly()
                : GroupFilter.within(tree.find(filter).map(NodeGroupView::id).orElse(null));
        nodeModel = new PagedModel<>(page -> nodes.list(caller.get(), cluster, chosen, page));
    }

    public String create() {
        try {
            NodeGroupView created = groups.create(caller.get(), clusterId, id(newParent), newName);
            Messages.info("group.created", created.name());
            return show(created.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String rename() {
        try {
            NodeGroupView renamed = groups.rename(caller.get(), clusterId, selected.id(), selected.version(), renameTo);
            Messages.info("group.renamed", renamed.name());
            return show(renamed.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String move() {
        try {
            NodeGroupView moved = groups.move(caller.get(), clusterId, selected.id(), selected.version(), id(moveTo));
            Messages.info("group.moved", moved.name());
            return show(moved.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String delete() {
        try {
            groups.delete(caller.get(), clusterId, selected.id(), selected.version());
            Messages.info("group.deleted", selected.name());
            return show(selected.parentId());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    private String show(UUID groupId) {
        return "/cluster?faces-redirect=true&id=" + clusterId + (groupId == null ? "" : "&group=" + groupId);
    }

    /** A choice of a select: blank is "top level"; the domain decides whether an id is a group of this cluster. */
    private static UUID id(String choice) {
        if (choice == null || choice.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(choice.strip());
        } catch (IllegalArgumentException e) {
            throw new ValidationException("parentId", "Unknown group");
        }
    }

    public List<SelectItem> getParentChoices() {
        return tree.choices("", Messages.text("group.topLevel"));
    }

    public List<SelectItem> getFilterChoices() {
        List<SelectItem> items = new ArrayList<>();
        items.add(new SelectItem("", Messages.text("group.filterAll")));
        items.add(new SelectItem(UNGROUPED, Messages.text("group.filterNone")));
        items.addAll(tree.choices(null, null));
        return items;
    }

    public boolean isAvailable() { return clusterId != null; }
    public GroupTree getTree() { return tree; }
    public NodeGroupView getSelected() { return selected; }
    public boolean isSelectionMissing() { return selectionMissing; }
    public PagedModel<NodeSummary> getNodeModel() { return nodeModel; }
    public String getFilter() { return filter; }
    public void setFilter(String filter) { this.filter = filter; }
    public String getNewName() { return newName; }
    public void setNewName(String newName) { this.newName = newName; }
    public String getNewParent() { return newParent; }
    public void setNewParent(String newParent) { this.newParent = newParent; }
    public String getRenameTo() { return renameTo; }
    public void setRenameTo(String renameTo) { this.renameTo = renameTo; }
    public String getMoveTo() { return moveTo; }
    public void setMoveTo(String moveTo) { this.moveTo = moveTo; }
}
