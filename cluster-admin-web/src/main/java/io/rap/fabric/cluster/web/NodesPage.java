package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.web.GroupTree;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The cluster's nodes, paged and filtered by node group in the database. */
@Named
@ViewScoped
public class NodesPage extends ClusterScopedPage {

    private static final long serialVersionUID = 1L;

    /** The filter choice for memberships in no group. */
    static final String UNGROUPED = "none";

    @Inject
    NodeService nodes;

    @Inject
    NodeGroupService groups;

    private PagedModel<NodeSummary> model;
    private GroupTree tree = new GroupTree(List.of());
    private String group;

    @Override
    protected void loaded() {
        tree = new GroupTree(groups.tree(caller.get(), cluster()));
        filter();
    }

    /** Applies the group filter (from the URL or the select); a group of another cluster is "not found". */
    public void filter() {
        UUID clusterId = cluster();
        if (clusterId == null) {
            return;
        }
        GroupFilter filter = GroupFilter.any();
        if (UNGROUPED.equals(group)) {
            filter = GroupFilter.ungroupedOnly();
        } else if (group != null && !group.isBlank()) {
            var found = tree.find(group);
            if (found.isPresent()) {
                filter = GroupFilter.within(found.get().id());
            } else {
                Messages.errorKey("error.not_found");
                group = null;
            }
        }
        GroupFilter chosen = filter;
        model = new PagedModel<>(page -> nodes.list(caller.get(), clusterId, chosen, page));
    }

    public List<SelectItem> getGroupChoices() {
        List<SelectItem> items = new ArrayList<>();
        items.add(new SelectItem("", Messages.text("group.filterAll")));
        items.add(new SelectItem(UNGROUPED, Messages.text("group.filterNone")));
        items.addAll(tree.choices(null, null));
        return items;
    }

    public PagedModel<NodeSummary> getModel() { return model; }
    public String getGroup() { return group; }
    public void setGroup(String group) { this.group = group; }
}
