package io.rap.fabric.web;

import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.faces.model.SelectItem;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * The node group tree of one cluster with the actions both portals offer on it (create, rename,
 * move, delete) and their form state. The cluster portal's groups page and the owner's cluster
 * page hold one each, so the two cannot drift apart; they differ only in where a page goes after
 * an action ({@link Outcome}). Each action is one service call with the version the view loaded,
 * so a group changed in the meantime is refused by the domain (stale version) and reported like
 * any other domain error, changing nothing.
 */
public final class GroupTreeActions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The outcome that shows a group of this cluster after an action ({@code null}: the top level). */
    @FunctionalInterface
    public interface Outcome extends Serializable {
        String show(UUID groupId);
    }

    private final NodeGroupService groups;
    private final CurrentCaller caller;
    private final UUID clusterId;
    private final Outcome outcome;
    private final GroupTree tree;
    private final NodeGroupView selected;
    private final boolean selectionMissing;
    private String newName;
    private String newParent;
    private String renameTo;
    private String moveTo;

    /**
     * Loads the cluster's tree and selects {@code group} in it; an id of another cluster is not in
     * the tree, so it shows "not found" and nothing else.
     */
    public GroupTreeActions(NodeGroupService groups, CurrentCaller caller, UUID clusterId, String group, Outcome outcome) {
        this.groups = groups;
        this.caller = caller;
        this.clusterId = clusterId;
        this.outcome = outcome;
        this.tree = new GroupTree(groups.tree(caller.get(), clusterId));
        this.selected = tree.find(group).orElse(null);
        this.selectionMissing = selected == null && group != null && !group.isBlank();
        if (selected != null) {
            renameTo = selected.name();
            moveTo = selected.parentId() == null ? "" : selected.parentId().toString();
            newParent = selected.id().toString();
        }
    }

    private GroupTreeActions() {
        this.groups = null;
        this.caller = null;
        this.clusterId = null;
        this.outcome = null;
        this.tree = new GroupTree(List.of());
        this.selected = null;
        this.selectionMissing = false;
    }

    /** Before the view has loaded a cluster: an empty tree, nothing selected (pages render no form then). */
    public static GroupTreeActions none() {
        return new GroupTreeActions();
    }

    public String create() {
        try {
            NodeGroupView created = groups.create(caller.get(), clusterId, id(newParent), newName);
            Messages.info("group.created", created.name());
            return outcome.show(created.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String rename() {
        try {
            NodeGroupView renamed = groups.rename(caller.get(), clusterId, selected.id(), selected.version(), renameTo);
            Messages.info("group.renamed", renamed.name());
            return outcome.show(renamed.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String move() {
        try {
            NodeGroupView moved = groups.move(caller.get(), clusterId, selected.id(), selected.version(), id(moveTo));
            Messages.info("group.moved", moved.name());
            return outcome.show(moved.id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    public String delete() {
        try {
            groups.delete(caller.get(), clusterId, selected.id(), selected.version());
            Messages.info("group.deleted", selected.name());
            return outcome.show(selected.parentId());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
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

    public GroupTree getTree() { return tree; }
    public NodeGroupView getSelected() { return selected; }
    public boolean isSelectionMissing() { return selectionMissing; }
    public String getNewName() { return newName; }
    public void setNewName(String newName) { this.newName = newName; }
    public String getNewParent() { return newParent; }
    public void setNewParent(String newParent) { this.newParent = newParent; }
    public String getRenameTo() { return renameTo; }
    public void setRenameTo(String renameTo) { this.renameTo = renameTo; }
    public String getMoveTo() { return moveTo; }
    public void setMoveTo(String moveTo) { this.moveTo = moveTo; }
}
