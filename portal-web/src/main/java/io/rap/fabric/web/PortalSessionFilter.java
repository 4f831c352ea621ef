package io.rap.fabric.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.logging.Logger;
import org.wildfly.security.http.oidc.IDToken;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * Files every authenticated session under its SSO session id in {@link PortalSessions}, and ends a
 * session whose SSO session was logged out while it was not on file (see there). Runs on every
 * request after the container's OIDC login, so it only reads the already parsed ID token.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PortalSessionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(PortalSessionFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        if (session != null && request.getUserPrincipal() instanceof OidcPrincipal<?> principal) {
            String sid = sid(principal);
            if (sid != null && !PortalSessions.of(getServletContext()).seen(session, sid, Instant.now())) {
                LOG.info("ended a session of " + request.getContextPath() + " whose SSO session was logged out");
                session.invalidate();
                // A fresh request finds no session, so the container sends the person to log in again.
                response.sendRedirect(request.getContextPath() + "/");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String sid(OidcPrincipal<?> principal) {
        if (principal.getOidcSecurityContext() == null) {
            return null;
        }
        IDToken idToken = principal.getOidcSecurityContext().getIDToken();
        return idToken == null ? null : idToken.getClaimValueAsString("sid");
    }
}
