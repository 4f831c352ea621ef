package io.rap.fabric.web;

import io.rap.fabric.domain.infrastructure.identity.IdentityProviderUnavailableException;
import io.rap.fabric.domain.infrastructure.identity.LogoutToken;
import io.rap.fabric.domain.infrastructure.identity.LogoutTokenRejectedException;
import io.rap.fabric.domain.infrastructure.identity.LogoutTokenVerifier;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Keycloak's back-channel logout (OpenID Connect Back-Channel Logout 1.0): when a person logs out
 * of one portal, Keycloak posts a signed logout token naming their SSO session ({@code sid}) to
 * every other client of it, and this servlet ends that session's HTTP sessions in this portal.
 * WildFly's OIDC adapter has no such endpoint. Mapped at {@code /backchannel-logout} by each
 * portal's {@code web.xml}, outside the login (Keycloak calls it without a session).
 *
 * <p>Refusals answer 400 with a short JSON error, end nothing and are logged without the token.
 */
public class BackchannelLogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BackchannelLogoutServlet.class.getName());
    /** A Keycloak logout token is about 1 KiB; anything far larger is not one. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PARAMETER = "logout_token";

    @Inject
    LogoutTokenVerifier verifier;

    @Inject
    OidcSettings oidc;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            refuse(request, response, 400, "invalid_request", "expected " + FORM);
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            refuse(request, response, 413, "invalid_request", "body larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        // Read the body ourselves instead of getParameter: the container would accept megabytes.
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            refuse(request, response, 413, "invalid_request", "body larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        String token;
        try {
            token = logoutToken(new String(body, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            refuse(request, response, 400, "invalid_request", e.getMessage());
            return;
        }
        LogoutToken logout;
        try {
            logout = verifier.verify(oidc.issuer(), oidc.clientId(getServletContext()), token);
        } catch (LogoutTokenRejectedException | IdentityProviderUnavailableException e) {
            // Which check failed is for our log; the sender learns only that the token was refused.
            refuse(request, response, 400, "invalid_request", "logout token refused", e.getMessage());
            return;
        }
        int ended = PortalSessions.of(getServletContext()).end(logout.sessionId(), Instant.now());
        LOG.info("back-channel logout ended " + ended + " session(s) of " + request.getContextPath());
        response.setStatus(HttpServletResponse.SC_OK);
    }

    /**
     * The one {@code logout_token} of the form body.
     *
     * @throws IllegalArgumentException when it is missing, given twice or not form-encoded
     */
    static String logoutToken(String form) {
        String token = null;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (PARAMETER.equals(name)) {
                if (token != null) {
                    throw new IllegalArgumentException(PARAMETER + " given more than once");
                }
                token = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.US_ASCII);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no " + PARAMETER);
        }
        return token;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String error,
                               String description) throws IOException {
        refuse(request, response, status, error, description, description);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String error,
                               String description, String logged) throws IOException {
        LOG.warning("refused a back-channel logout to " + request.getContextPath() + " from "
                + request.getRemoteAddr() + ": " + logged);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder().add("error", error)
                .add("error_description", description).build().toString());
    }
}
