package io.rap.fabric.web;

import io.rap.fabric.domain.group.NodeGroupView;
import jakarta.faces.model.SelectItem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.primefaces.model.DefaultTreeNode;
import org.primefaces.model.TreeNode;

/**
 * A cluster's group tree for a page: the domain answers a flat list, parents first; this hangs
 * each group under its parent for {@code p:tree} and lists the groups, indented, for selects.
 */
public final class GroupTree implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<NodeGroupView> groups;
    private final TreeNode<NodeGroupView> root = new DefaultTreeNode<>(null, null);

    public GroupTree(List<NodeGroupView> groups) {
        this.groups = List.copyOf(groups);
        Map<UUID, TreeNode<NodeGroupView>> byId = new HashMap<>();
        for (NodeGroupView group : this.groups) {
            TreeNode<NodeGroupView> parent = group.parentId() == null ? root : byId.getOrDefault(group.parentId(), root);
            TreeNode<NodeGroupView> node = new DefaultTreeNode<>(group, parent);
            node.setExpanded(true);
            byId.put(group.id(), node);
        }
    }

    public TreeNode<NodeGroupView> getRoot() { return root; }
    public List<NodeGroupView> getGroups() { return groups; }
    public boolean isEmpty() { return groups.isEmpty(); }

    /** A group of this tree; an id of any other cluster is simply not in it. */
    public Optional<NodeGroupView> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return groups.stream().filter(g -> g.id().toString().equals(id.strip())).findFirst();
    }

    /** Every group as a select choice, indented by depth, after an optional first choice. */
    public List<SelectItem> choices(String firstValue, String firstLabel) {
        List<SelectItem> items = new ArrayList<>();
        if (firstLabel != null) {
            items.add(new SelectItem(firstValue, firstLabel));
        }
        for (NodeGroupView group : groups) {
            items.add(new SelectItem(group.id().toString(), "\u00a0\u00a0".repeat(group.depth()) + group.name()));
        }
        return items;
    }
}
