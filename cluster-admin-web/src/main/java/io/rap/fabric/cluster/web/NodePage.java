package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.node.NodeDetail;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.role.RoleAssignmentView;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.role.RoleDefinition;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.domain.workload.WorkloadView;
import io.rap.fabric.web.GroupTree;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.ResumableAction;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/**
 * One node as this cluster sees it: facts, this membership's health, its role assignments and
 * workloads. Assigning or removing a role and enabling or disabling a workload are high-risk.
 * The node id comes from the URL; the domain answers "not found" for a node of another cluster.
 */
@Named
@ViewScoped
public class NodePage extends ClusterScopedPage {

    private static final long serialVersionUID = 1L;

    @Inject
    NodeService nodes;

    @Inject
    RoleAssignmentService roles;

    @Inject
    WorkloadService workloads;

    @Inject
    NodeGroupService groups;

    private String id;
    private UUID nodeId;
    private String newRole;
    private NodeDetail node;
    private List<RoleAssignmentView> assignments = List.of();
    private List<WorkloadView> workloadViews = List.of();
    private GroupTree groupTree = new GroupTree(List.of());
    private String groupChoice;

    @Override
    protected void loaded() {
        try {
            nodeId = UUID.fromString(id);
            refresh();
        } catch (IllegalArgumentException | NullPointerException | NotFoundException e) {
            // A malformed id, an unknown node and another cluster's node look the same.
            nodeId = null;
            node = null;
        }
    }

    private void refresh() {
        node = nodes.detail(caller.get(), cluster(), nodeId);
        assignments = roles.listForNode(caller.get(), nodeId, cluster(), PageRequest.first(PageRequest.MAX_LIMIT))
                .items();
        workloadViews = workloads.listForNode(caller.get(), nodeId, cluster(),
                PageRequest.first(PageRequest.MAX_LIMIT)).items();
        groupTree = new GroupTree(groups.tree(caller.get(), cluster()));
        UUID current = node.memberships().get(0).groupId();
        groupChoice = current == null ? null : current.toString();
    }

    /** Files the node into the chosen group of this cluster (not high-risk: a group is no permission). */
    public void assignGroup() {
        try {
            // an id that is not a group of this cluster is no choice: the domain asks for one
            groups.assign(caller.get(), cluster(), nodeId, groupTree.find(groupChoice).map(g -> g.id()).orElse(null));
            Messages.info("group.assigned");
            refresh();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void unassignGroup() {
        try {
            groups.unassign(caller.get(), cluster(), nodeId);
            Messages.info("group.unassigned");
            refresh();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    private String page() {
        return "/node.xhtml?id=" + nodeId;
    }

    public void assignRole() {
        highRisk.run(new ResumableAction("assignRole", cluster(), nodeId, newRole, page()), this::execute);
    }

    public void removeRole(UUID assignmentId) {
        highRisk.run(new ResumableAction("removeRole", cluster(), assignmentId, null, page()), this::execute);
    }

    public void enableWorkload(UUID workloadId) {
        highRisk.run(new ResumableAction("enableWorkload", cluster(), workloadId, null, page()), this::execute);
    }

    public void disableWorkload(UUID workloadId) {
        highRisk.run(new ResumableAction("disableWorkload", cluster(), workloadId, null, page()), this::execute);
    }

    @Override
    protected boolean handles(String kind) {
        return List.of("assignRole", "removeRole", "enableWorkload", "disableWorkload").contains(kind);
    }

    @Override
    protected void execute(ResumableAction action) {
        switch (action.kind()) {
            case "assignRole" -> {
                roles.assign(caller.get(), action.cluster(), action.target(), action.argument(), null);
                Messages.info("role.assigned");
            }
            case "removeRole" -> {
                roles.disable(caller.get(), action.cluster(), action.target());
                Messages.info("role.removed");
            }
            case "enableWorkload" -> {
                workloads.enable(caller.get(), action.cluster(), action.target());
                Messages.info("workload.enabled");
            }
            case "disableWorkload" -> {
                workloads.disable(caller.get(), action.cluster(), action.target());
                Messages.info("workload.disabled");
            }
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
        if (nodeId != null) {
            refresh();
        }
    }

    /** Roles a cluster admin may assign here: the cluster-wide ones of the catalog. */
    public List<String> getAssignableRoles() {
        return RoleCatalog.all().stream().filter(r -> !r.organizationScoped()).map(RoleDefinition::name).toList();
    }

    public List<SelectItem> getGroupChoices() { return groupTree.choices(null, null); }
    public String getGroupChoice() { return groupChoice; }
    public void setGroupChoice(String groupChoice) { this.groupChoice = groupChoice; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getNewRole() { return newRole; }
    public void setNewRole(String newRole) { this.newRole = newRole; }
    public NodeDetail getNode() { return node; }
    public List<RoleAssignmentView> getAssignments() { return assignments; }
    public List<WorkloadView> getWorkloads() { return workloadViews; }
}
