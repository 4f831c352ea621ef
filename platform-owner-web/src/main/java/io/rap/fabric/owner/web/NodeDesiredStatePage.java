package io.rap.fabric.owner.web;

import io.rap.fabric.domain.node.NodeDetail;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.role.RoleAssignmentView;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.role.RoleDefinition;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.domain.workload.WorkloadView;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The desired-state part of the node page: per cluster membership, the node's role assignments
 * and its desired workloads next to what it reports. Every change is high-risk and goes through
 * {@link HighRiskActions}; this bean resumes only its own parked actions (kinds starting with
 * {@value #KIND_PREFIX}), so the rest of the node page keeps resuming its own.
 */
@Named("nodeDesiredState")
@ViewScoped
public class NodeDesiredStatePage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String KIND_PREFIX = "desired.";
    /** Rows shown per table; the domain caps a membership at 16 active roles and 256 workloads. */
    private static final int ROWS = PageRequest.MAX_LIMIT;

    @Inject
    NodeService nodes;

    @Inject
    RoleAssignmentService roles;

    @Inject
    WorkloadService workloads;

    @Inject
    CurrentCaller caller;

    @Inject
    HighRiskActions highRisk;

    private UUID nodeId;
    private List<Section> sections = List.of();

    /** One membership's data and its forms' fields, so each cluster's forms stay apart. */
    public static class Section implements Serializable {
        private static final long serialVersionUID = 1L;
        private final UUID clusterId;
        private final String clusterName;
        private final String membershipStatus;
        private final List<RoleAssignmentView> roles;
        private final List<WorkloadView> workloads;
        private final List<WorkloadView> unrequested;
        private String role;
        private String organizationId;
        private String workloadName;
        private String workloadType;
        private String settings;

        Section(UUID clusterId, String clusterName, String membershipStatus, List<RoleAssignmentView> roles,
                List<WorkloadView> workloads, List<WorkloadView> unrequested) {
            this.clusterId = clusterId;
            this.clusterName = clusterName;
            this.membershipStatus = membershipStatus;
            this.roles = roles;
            this.workloads = workloads;
            this.unrequested = unrequested;
        }

        public UUID getClusterId() { return clusterId; }
        public String getClusterName() { return clusterName; }
        public boolean isActive() { return "active".equals(membershipStatus); }
        public List<RoleAssignmentView> getRoles() { return roles; }
        public List<WorkloadView> getWorkloads() { return workloads; }
        public List<WorkloadView> getUnrequested() { return unrequested; }
        public String getRole() { return role; }
        public void setRole(String role) { this.role = role; }
        public String getOrganizationId() { return organizationId; }
        public void setOrganizationId(String organizationId) { this.organizationId = organizationId; }
        public String getWorkloadName() { return workloadName; }
        public void setWorkloadName(String workloadName) { this.workloadName = workloadName; }
        public String getWorkloadType() { return workloadType; }
        public void setWorkloadType(String workloadType) { this.workloadType = workloadType; }
        public String getSettings() { return settings; }
        public void setSettings(String settings) { this.settings = settings; }
    }

    /** View action; runs before the node page's own, and leaves the node's errors to it. */
    public void load() {
        Map<String, String> params = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
        try {
            nodeId = UUID.fromString(params.get("id"));
        } catch (IllegalArgumentException | NullPointerException e) {
            return;
        }
        if (params.get("resume") != null) {
            highRisk.resume(params.get("resume"), "failed".equals(params.get("stepup")),
                    action -> action.kind().startsWith(KIND_PREFIX), this::execute);
        }
        try {
            refresh();
        } catch (DomainException e) {
            sections = List.of(); // the node page itself shows why
        }
    }

    public void assign(Section s) {
        run("assign", nodeId, s, text(s.role) + "|" + text(s.organizationId).strip());
    }

    public void disableRole(Section s, UUID assignmentId) {
        run("disableRole", assignmentId, s, "");
    }

    public void setWorkload(Section s) {
        run("setWorkload", nodeId, s, text(s.workloadName) + "|" + text(s.workloadType) + "|" + text(s.settings));
    }

    public void enableWorkload(Section s, UUID workloadId) {
        run("enableWorkload", workloadId, s, "");
    }

    public void disableWorkload(Section s, UUID workloadId) {
        run("disableWorkload", workloadId, s, "");
    }

    public List<SelectItem> getRoleOptions() {
        return RoleCatalog.all().stream().map(r -> new SelectItem(r.name(), label(r))).toList();
    }

    public List<String> getWorkloadTypes() {
        return WorkloadService.knownTypes();
    }

    public String settings(WorkloadView w) {
        return SettingsText.format(w.settings());
    }

    public List<Section> getSections() {
        return sections;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String label(RoleDefinition r) {
        return r.name() + " (" + r.requiredCapability() + (r.organizationScoped() ? ", " + Messages.text(
                "desired.organizationScoped") : "") + ")";
    }

    private void run(String kind, UUID target, Section s, String rest) {
        // The cluster id has no '|', and only the last part (settings) may contain one.
        highRisk.run(new ResumableAction(KIND_PREFIX + kind, target, s.clusterId + "|" + rest,
                "/node.xhtml?id=" + nodeId), this::execute);
    }

    private void execute(ResumableAction action) {
        String[] args = action.argument().split("\\|", 4);
        UUID clusterId = UUID.fromString(args[0]);
        switch (action.kind().substring(KIND_PREFIX.length())) {
            case "assign" -> {
                UUID organization = organization(args[2]);
                if (organization == null && !args[2].isEmpty()) {
                    return;
                }
                RoleAssignmentView view = roles.assign(caller.get(), clusterId, action.target(), args[1], organization);
                Messages.info("desired.roleAssigned", view.role());
            }
            case "disableRole" -> Messages.info("desired.roleRemoved",
                    roles.disable(caller.get(), clusterId, action.target()).role());
            case "setWorkload" -> {
                Map<String, String> settings;
                try {
                    settings = SettingsText.parse(args[3]);
                } catch (IllegalArgumentException e) {
                    Messages.errorKey("desired.settingsInvalid", e.getMessage());
                    return;
                }
                Messages.info("desired.workloadSet", workloads.setWorkload(caller.get(), clusterId, action.target(),
                        args[1], args[2], settings).name());
            }
            case "enableWorkload" -> Messages.info("desired.workloadEnabled",
                    workloads.enable(caller.get(), clusterId, action.target()).name());
            case "disableWorkload" -> Messages.info("desired.workloadDisabled",
                    workloads.disable(caller.get(), clusterId, action.target()).name());
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
        refresh();
    }

    private static UUID organization(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            Messages.errorKey("desired.organizationInvalid");
            return null;
        }
    }

    private void refresh() {
        NodeDetail node = nodes.detail(caller.get(), nodeId);
        sections = node.memberships().stream().map(m -> new Section(m.clusterId(), m.clusterName(), m.status(),
                roles.listForNode(caller.get(), nodeId, m.clusterId(), PageRequest.first(ROWS)).items(),
                workloads.listForNode(caller.get(), nodeId, m.clusterId(), PageRequest.first(ROWS)).items(),
                workloads.unrequested(caller.get(), nodeId, m.clusterId()))).toList();
    }
}
