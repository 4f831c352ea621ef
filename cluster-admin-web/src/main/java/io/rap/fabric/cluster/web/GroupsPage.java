package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.GroupTreeActions;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/**
 * The cluster's node group tree: create, rename, move and delete groups, and see (and take out)
 * the nodes of one group. The selected group comes from the URL ({@code ?group=}) and is looked
 * up in this cluster's tree only, so another cluster's group id shows "not found" and nothing else.
 * The tree actions are {@link GroupTreeActions}, shared with the owner's cluster page; on success
 * the page reloads on the group it acted on.
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
    private GroupTreeActions actions = GroupTreeActions.none();
    private PagedModel<NodeSummary> nodeModel;

    @Override
    protected void loaded() {
        actions = new GroupTreeActions(groups, caller, cluster(), group, GroupsPage::show);
        NodeGroupView selected = actions.getSelected();
        if (selected != null) {
            UUID clusterId = cluster();
            UUID groupId = selected.id();
            nodeModel = new PagedModel<>(page -> nodes.list(caller.get(), clusterId, GroupFilter.within(groupId), page));
        }
    }

    /** Takes one node of the group's table out of its group. */
    public String unassign(UUID nodeId) {
        try {
            groups.unassign(caller.get(), cluster(), nodeId);
            Messages.info("group.unassigned");
            return show(actions.getSelected().id());
        } catch (DomainException e) {
            Messages.error(e);
            return null;
        }
    }

    /** A group's page; a deleted top-level group leaves the page on the whole tree. */
    private static String show(UUID groupId) {
        return groupId == null ? "/groups?faces-redirect=true" : "/groups?faces-redirect=true&group=" + groupId;
    }

    public String getGroup() { return group; }
    public void setGroup(String group) { this.group = group; }
    public GroupTreeActions getActions() { return actions; }
    public PagedModel<NodeSummary> getNodeModel() { return nodeModel; }
}
