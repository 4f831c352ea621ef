package io.rap.fabric.web;

import io.rap.fabric.domain.infrastructure.identity.PendingStepUp;
import io.rap.fabric.domain.infrastructure.identity.StepUpClient;
import io.rap.fabric.domain.infrastructure.identity.StepUpFailedException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Receives the identity provider's answer to a step-up, verifies it (state, PKCE, signature,
 * nonce, same subject, acr, fresh auth_time) and returns the person to the parked action. Mapped
 * at {@code /stepup/callback} next to {@link StepUpStartServlet}.
 */
public class StepUpCallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(StepUpCallbackServlet.class.getName());

    @Inject
    StepUpClient stepUpClient;

    @Inject
    StepUpSession session;

    @Inject
    OidcSettings oidc;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PendingStepUp pending = session.takePending();
        String fallback = request.getContextPath() + "/index.xhtml";
        try {
            if (request.getParameter("error") != null) {
                throw new StepUpFailedException("The confirmation was cancelled or refused");
            }
            Instant authTime = stepUpClient.complete(oidc.client(getServletContext()), pending, request.getParameter("code"),
                    request.getParameter("state"));
            session.confirmed(authTime);
            response.sendRedirect(pending.returnTo());
        } catch (StepUpFailedException e) {
            LOG.warning("step-up failed: " + e.getMessage());
            String back = pending == null ? fallback : pending.returnTo();
            response.sendRedirect(back + (back.contains("?") ? "&" : "?") + "stepup=failed");
        }
    }
}
