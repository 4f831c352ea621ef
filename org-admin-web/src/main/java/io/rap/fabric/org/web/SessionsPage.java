package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.AccessSessionService;
import io.rap.fabric.domain.organization.AccessSessionView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/** Access sessions, newest first, filtered by status; an admin can terminate an open one. */
@Named
@ViewScoped
public class SessionsPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    AccessSessionService sessions;

    private String status = "active";
    private UUID terminating;
    private String reason;
    private final PagedModel<AccessSessionView> model = new PagedModel<>(page -> sessions.list(caller.get(), org(),
            status == null || status.isBlank() ? null : status, page));

    public void startTerminate(UUID sessionId) {
        terminating = sessionId;
        reason = null;
    }

    public void terminate() {
        try {
            sessions.terminate(caller.get(), org(), terminating, reason);
            Messages.info("session.terminated");
            terminating = null;
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public PagedModel<AccessSessionView> getModel() { return model; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
