package io.rap.fabric.owner.web;

import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.JoinRequestView;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.UUID;

/** Review of join requests; approve and reject are high-risk (step-up). */
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

    private String status = "pending";
    private String resume;
    private String stepUp;
    private UUID rejecting;
    private String rejectionReason;
    private final PagedModel<JoinRequestView> model =
            new PagedModel<>(page -> enrollments.list(caller.get(), null, status, page));

    /** View action: finishes an approve or reject that waited for the person's confirmation. */
    public void onLoad() {
        if (resume != null) {
            highRisk.resume(resume, "failed".equals(stepUp), this::execute);
        }
    }

    public void approve(UUID requestId) {
        highRisk.run(new ResumableAction("approve", requestId, null, PAGE), this::execute);
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
            case "reject" -> {
                JoinRequestView rejected = enrollments.reject(caller.get(), action.target(), action.argument());
                Messages.info("request.rejected.message", rejected.nodeName());
            }
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
    }

    public PagedModel<JoinRequestView> getModel() { return model; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public String getRejectionReason() { return rejectionReason; }
    public void setRejectionReason(String rejectionReason) { this.rejectionReason = rejectionReason; }
}
