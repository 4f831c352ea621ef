package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.web.GroupTree;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/**
 * The cluster's node group tree: create, rename, move and delete groups, and see (and take out)
 * the nodes of one group. The selected group comes from the URL ({@code ?group=}) and is looked
 * up in this cluster's tree only, so another cluster's group id shows "not found" and nothing else.
 * Each action is one service call; on success the page reloads on the group it acted on.
 */
@Named
@ViewScoped
public class GroupsPage extends ClusterScopedPage {

    private static final long serialVersionUID = 1L;

    @Inject
    NodeGroupService groups;

    @Inject
    NodeService nodes;

    private String group;
    private GroupTree tree = new GroupTree(List.of());
    private NodeGroupView selected;
    private boolean selectionMissing;
    private PagedModel<NodeSummary> nodeModel;
    private String newName;
    private String newParent;
    private String renameTo;
    private String moveTo;

    @Override
    protected void loaded() {
        tree = new GroupTree(groups.tree(caller.get(), cluster()));
        selected = tree.find(group).orElse(null);
        selectionMissing = selected == null && group != null && !group.isBlank();
        if (selected != null) {
            UUID clusterId = cluster();
            UUID groupId = selected.id();
            nodeModel = new PagedModel<>(page -> nodes.list(caller.get(), clusterId, GroupFilter.within(groupId), page));
            renameTo = selected.name();
            moveTo = selected.parentId() == null ? "" : selected.parentId().toString();
            newParent = groupId.toString();
        }
    }

    public String create() {
        try {
            NodeGroupView created = groups.create(caller.get(), cluster(), id(newParent), newName);
            Messages.info("group.created", created.name());
            return show(created.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String rename() {
        try {
            NodeGroupView renamed = groups.rename(caller.get(), cluster(), selected.id(), selected.version(), renameTo);
            Messages.info("group.renamed", renamed.name());
            return show(renamed.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String move() {
        try {
            NodeGroupView moved = groups.move(caller.get(), cluster(), selected.id(), selected.version(), id(moveTo));
            Messages.info("group.moved", moved.name());
            return show(moved.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String delete() {
        try {
            groups.delete(caller.get(), cluster(), selected.id(), selected.version());
            Messages.info("group.deleted", selected.name());
            return selected.parentId() == null ? "/groups?faces-redirect=true" : show(selected.parentId());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    /** Takes one node of the group's table out of its group. */
    public String unassign(UUID nodeId) {
        try {
            groups.unassign(caller.get(), cluster(), nodeId);
            Messages.info("group.unassigned");
            return show(selected.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    private static String show(UUID groupId) {
        return "/groups?faces-redirect=true&group=" + groupId;
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

    public String getGroup() { return group; }
    public void setGroup(String group) { this.group = group; }
    public GroupTree getTree() { return tree; }
    public NodeGroupView getSelected() { return selected; }
    public boolean isSelectionMissing() { return selectionMissing; }
    public PagedModel<NodeSummary> getNodeModel() { return nodeModel; }
    public String getNewName() { return newName; }
    public void setNewName(String newName) { this.newName = newName; }
    public String getNewParent() { return newParent; }
    public void setNewParent(String newParent) { this.newParent = newParent; }
    public String getRenameTo() { return renameTo; }
    public void setRenameTo(String renameTo) { this.renameTo = renameTo; }
    public String getMoveTo() { return moveTo; }
    public void setMoveTo(String moveTo) { this.moveTo = moveTo; }
}
