package io.rap.fabric.web;

import io.rap.fabric.domain.infrastructure.config.RapConfig;
import io.rap.fabric.domain.infrastructure.identity.OidcClientSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

/**
 * A portal's OIDC client, read from the same settings the server's OIDC subsystem uses. Which
 * client a portal is comes from its own {@code web.xml} ({@value #CLIENT_ID_PARAM} and, for a portal
 * with step-up, {@value #SECRET_VARIABLE_PARAM}), so the code is shared but each portal keeps its own
 * client.
 */
@ApplicationScoped
public class OidcSettings {

    public static final String CLIENT_ID_PARAM = "rap.oidc.client-id";
    public static final String SECRET_VARIABLE_PARAM = "rap.oidc.secret-variable";

    @Inject
    RapConfig config;

    public OidcClientSettings client(ServletContext portal) {
        return new OidcClientSettings(issuer(), clientId(portal), config.require(required(portal, SECRET_VARIABLE_PARAM)));
    }

    /** The realm's issuer URL, without a trailing slash (as tokens carry it). */
    public String issuer() {
        String issuer = config.get("RAP_OIDC_PROVIDER_URL").orElse("http://127.0.0.1:8180/realms/rap");
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    /** This portal's client id; logout needs no secret, so it does not ask for one. */
    public String clientId(ServletContext portal) {
        return required(portal, CLIENT_ID_PARAM);
    }

    private static String required(ServletContext portal, String name) {
        String value = portal.getInitParameter(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("web.xml of " + portal.getContextPath() + " lacks context-param " + name);
        }
        return value;
    }
}
