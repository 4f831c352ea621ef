package io.rap.fabric.web;

import io.rap.fabric.domain.infrastructure.identity.PendingStepUp;
import io.rap.fabric.domain.infrastructure.identity.StepUpClient;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sends the person to the identity provider for a level-2 confirmation of a parked action. Mapped
 * at {@code /stepup/start} by the {@code web.xml} of each portal that has high-risk actions.
 */
public class StepUpStartServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final java.util.regex.Pattern SAFE_PAGE = java.util.regex.Pattern.compile(
            "/[a-z-]+\\.xhtml(\\?id=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?");

    @Inject
    StepUpClient stepUpClient;

    @Inject
    StepUpSession session;

    @Inject
    CurrentCaller caller;

    @Inject
    OidcSettings oidc;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resume = request.getParameter("resume");
        String page = request.getParameter("page");
        String returnTo = request.getContextPath() + returnPage(page, resume);
        String callback = request.getRequestURL().toString().replace("/stepup/start", "/stepup/callback");
        PendingStepUp pending = stepUpClient.begin(oidc.client(getServletContext()), callback, caller.get().username(),
                caller.get().subject(), returnTo);
        session.begin(pending);
        response.sendRedirect(pending.authorizationUrl());
    }

    /**
     * Where to come back to, relative to the context: only one of our own pages, optionally with
     * a UUID id, so the parameter can never turn into an open redirect.
     */
    static String returnPage(String page, String resume) {
        String target = page != null && SAFE_PAGE.matcher(page).matches() ? page : "/index.xhtml";
        return target + (resume != null && resume.matches("[A-Za-z0-9_-]{1,64}")
                ? (target.contains("?") ? "&" : "?") + "resume=" + resume : "");
    }
}
