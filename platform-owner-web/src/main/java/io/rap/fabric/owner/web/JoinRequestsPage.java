package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.JoinRequestView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import io.rap.fabric.web.RowSelection;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Review of join requests; approve and reject are high-risk (step-up). The list is narrowed by
 * view parameters ({@code status}: a status or {@code all}, pending when absent; {@code cluster}:
 * a cluster id) that the overview links with and the filter controls change; the domain filters
 * in SQL, and a bad parameter shows what was wrong and lists nothing rather than everything.
 */
@Named
@ViewScoped
public class JoinRequestsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String PAGE = "/join-requests.xhtml";

    @Inject
    EnrollmentService enrollments;

    @Inject
    HighRiskActions highRisk;

    @Inject
    CurrentCaller caller;

    /** The status choice that lists every status (the domain's blank). */
    static final String ALL = "all";
    /** More clusters than this are not a select's job (the same bound as the Nodes page's). */

    @Inject
    ClusterService clusters;

    private String status = "pending";
    private String cluster;
    private UUID clusterId;
    private String filterError;
    private List<SelectItem> clusterChoices;
    private String resume;
    private String stepUp;
    private UUID rejecting;
    private String rejectionReason;
    private final RowSelection selection = new RowSelection();
    private final PagedModel<JoinRequestView> model = new PagedModel<>(page -> filterError != null
            ? new Page<>(List.of(), 0, page.offset(), page.limit())
            : enrollments.list(caller.get(), clusterId, ALL.equals(status) ? null : status, page));

    /**
     * View action: checks the filter parameters once, before the table asks for rows; then
     * finishes an approve or reject that waited for the person's confirmation.
     */
    public void onLoad() {
        try {
            status = status == null || status.isBlank() ? "pending" : status.strip();
            if (!ALL.equals(status)) {
                JoinRequestView.statusFilter(status);
            }
            clusterId = cluster == null || cluster.isBlank() ? null : UUID.fromString(cluster.strip());
        } catch (ValidationException e) {
            filterError = Messages.text("requests.filter.invalid.status");
        } catch (IllegalArgumentException e) {
            filterError = Messages.text("requests.filter.invalid.cluster");
        }
        if (resume != null) {
            highRisk.resume(resume, "failed".equals(stepUp), this::execute);
        }
    }

    public void approve(UUID requestId) {
        highRisk.run(new ResumableAction("approve", requestId, null, PAGE), this::execute);
    }

    /** High-risk: the ticked pending requests in one approval (all or none). */
    public void approveSelected() {
        if (selection.isEmpty()) {
            Messages.errorKey("request.noneSelected"); // before step-up: nothing to confirm
            return;
        }
        highRisk.run(new ResumableAction("approveAll", null, selection.argument(), PAGE), this::execute);
    }

    public void startReject(UUID requestId) {
        rejecting = requestId;
        rejectionReason = null;
    }

    public void reject() {
        highRisk.run(new ResumableAction("reject", rejecting, rejectionReason, PAGE), this::execute);
    }

    private void execute(ResumableAction action) {
        switch (action.kind()) {
            case "approve" -> {
                JoinRequestView approved = enrollments.approve(caller.get(), action.target());
                Messages.info("request.approved.message", approved.nodeName());
            }
            case "approveAll" -> {
                List<JoinRequestView> approved = enrollments.approveAll(caller.get(),
                        RowSelection.ids(action.argument()));
                selection.clear();
                Messages.info("request.approvedAll.message", approved.size());
            }
            case "reject" -> {
                JoinRequestView rejected = enrollments.reject(caller.get(), action.target(), action.argument());
                Messages.info("request.rejected.message", rejected.nodeName());
            }
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
    }

    /** A filter control changed: the choices are known values, so any earlier link error is over. */
    public void applyFilter() {
        filterError = null;
        if (!ALL.equals(status) && !JoinRequestView.STATUSES.contains(status)) {
            status = "pending"; // a bad status from the link, and only the cluster menu changed
        }
        clusterId = ClusterChoice.parse(cluster);
    }

    public List<SelectItem> getClusterChoices() {
        if (clusterChoices == null) {
            clusterChoices = ClusterChoice.filterChoices(clusters, caller.get());
            // a cluster from a link may lie beyond the choices: keep it chosen, or the next ajax
            // change would send the first choice (all clusters) instead
            if (clusterId != null && clusterChoices.stream().noneMatch(i -> clusterId.toString().equals(i.getValue()))) {
                try {
                    clusterChoices.add(1, new SelectItem(clusterId.toString(), clusters.get(caller.get(), clusterId).name()));
                } catch (DomainException e) {
                    clusterChoices.add(1, new SelectItem(clusterId.toString(), clusterId.toString()));
                }
            }
        }
        return clusterChoices;
    }

    public PagedModel<JoinRequestView> getModel() { return model; }
    public String getFilterError() { return filterError; }
    public UUID getClusterId() { return clusterId; }
    public String getCluster() { return cluster; }
    public void setCluster(String cluster) { this.cluster = cluster; }
    public RowSelection getSelection() { return selection; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public String getRejectionReason() { return rejectionReason; }
    public void setRejectionReason(String rejectionReason) { this.rejectionReason = rejectionReason; }
}
