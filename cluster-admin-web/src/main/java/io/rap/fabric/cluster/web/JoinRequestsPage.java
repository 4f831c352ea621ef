package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.JoinRequestView;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.ResumableAction;
import io.rap.fabric.web.RowSelection;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/** The cluster's join requests; approve and reject are high-risk (step-up). */
@Named
@ViewScoped
public class JoinRequestsPage extends ClusterScopedPage {

    private static final long serialVersionUID = 1L;
    static final String PAGE = "/join-requests.xhtml";

    @Inject
    EnrollmentService enrollments;

    private String status = "pending";
    private UUID rejecting;
    private String rejectionReason;
    private PagedModel<JoinRequestView> model;
    private final RowSelection selection = new RowSelection();

    @Override
    protected void loaded() {
        var clusterId = cluster();
        model = new PagedModel<>(page -> enrollments.list(caller.get(), clusterId, status, page));
    }

    public void approve(UUID requestId) {
        highRisk.run(new ResumableAction("approve", cluster(), requestId, null, PAGE), this::execute);
    }

    /** High-risk: the ticked pending requests of this cluster in one approval (all or none). */
    public void approveSelected() {
        if (selection.isEmpty()) {
            Messages.errorKey("request.noneSelected"); // before step-up: nothing to confirm
            return;
        }
        highRisk.run(new ResumableAction("approveAll", cluster(), null, selection.argument(), PAGE), this::execute);
    }

    public void startReject(UUID requestId) {
        rejecting = requestId;
        rejectionReason = null;
    }

    public void reject() {
        highRisk.run(new ResumableAction("reject", cluster(), rejecting, rejectionReason, PAGE), this::execute);
    }

    @Override
    protected boolean handles(String kind) {
        return "approve".equals(kind) || "approveAll".equals(kind) || "reject".equals(kind);
    }

    @Override
    protected void execute(ResumableAction action) {
        switch (action.kind()) {
            case "approve" -> {
                JoinRequestView approved = enrollments.approve(caller.get(), action.cluster(), action.target());
                Messages.info("request.approved.message", approved.nodeName());
            }
            case "approveAll" -> {
                List<JoinRequestView> approved = enrollments.approveAll(caller.get(), action.cluster(),
                        RowSelection.ids(action.argument()));
                selection.clear();
                Messages.info("request.approvedAll.message", approved.size());
            }
            case "reject" -> {
                JoinRequestView rejected = enrollments.reject(caller.get(), action.cluster(), action.target(),
                        action.argument());
                Messages.info("request.rejected.message", rejected.nodeName());
            }
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
    }

    public PagedModel<JoinRequestView> getModel() { return model; }
    public RowSelection getSelection() { return selection; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getRejectionReason() { return rejectionReason; }
    public void setRejectionReason(String rejectionReason) { this.rejectionReason = rejectionReason; }
}
