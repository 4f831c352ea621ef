package io.rap.fabric.web;

import io.rap.fabric.domain.infrastructure.identity.IdentityProviderUnavailableException;
import io.rap.fabric.domain.infrastructure.identity.OidcProviders;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Logger;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * The portal's "Log out" (POST {@code /logout}): ends this portal's session, then sends the browser
 * to Keycloak's end-session endpoint (RP-initiated logout, with {@code id_token_hint}, so Keycloak
 * asks no confirmation). Keycloak ends the SSO session and calls every other portal's
 * {@link BackchannelLogoutServlet}; afterwards it returns the browser to this portal, which asks
 * for a new login. POST only: the session cookie is {@code SameSite=Lax}, so another site cannot
 * log a person out.
 */
public class LogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(LogoutServlet.class.getName());

    @Inject
    OidcProviders providers;

    @Inject
    OidcSettings oidc;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String idToken = request.getUserPrincipal() instanceof OidcPrincipal<?> principal
                && principal.getOidcSecurityContext() != null
                ? principal.getOidcSecurityContext().getIDTokenString() : null;
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        String portal = request.getRequestURL().toString();
        portal = portal.substring(0, portal.length() - request.getServletPath().length()) + "/";
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", endSession(portal, idToken).orElse(portal));
    }

    private Optional<String> endSession(String portal, String idToken) {
        try {
            return providers.provider(oidc.issuer()).endSessionEndpoint().map(endpoint -> endpoint
                    + "?client_id=" + encode(oidc.clientId(getServletContext()))
                    + "&post_logout_redirect_uri=" + encode(portal)
                    + (idToken == null ? "" : "&id_token_hint=" + encode(idToken)));
        } catch (IdentityProviderUnavailableException e) {
            // The local session is gone either way; the portal's login page will show that Keycloak is down.
            LOG.warning("logout could not reach the identity provider: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
