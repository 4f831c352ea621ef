package io.rap.fabric.web;

import io.rap.fabric.domain.infrastructure.config.RapConfig;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;
import java.util.Locale;
import java.util.Optional;

/**
 * The portal's session cookie: {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} whenever
 * people reach the portals over HTTPS. WildFly usually sits behind a proxy that terminates TLS and
 * sees plain HTTP itself, so it cannot tell; the origin people use, {@code RAP_PUBLIC_URL}, can.
 * {@code RAP_SECURE_COOKIES} ({@code true}/{@code false}) overrides that choice. The same cookie
 * carries the OIDC login state and the step-up mark, so a session cookie sent over plain HTTP would
 * hand both to anyone on the path.
 */
@WebListener
public class SessionCookies implements ServletContextListener {

    static final String SECURE_COOKIES = "RAP_SECURE_COOKIES";
    static final String PUBLIC_URL = "RAP_PUBLIC_URL";

    @Inject
    RapConfig config;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        // Lax: the OIDC callback and links people follow are top-level GETs; a cross-site POST never carries it.
        cookie.setAttribute("SameSite", "Lax");
        cookie.setSecure(secure(config.get(SECURE_COOKIES), config.get(PUBLIC_URL)));
    }

    /**
     * @throws IllegalStateException when {@code RAP_SECURE_COOKIES} is neither {@code true} nor
     *                               {@code false}: the portal does not start rather than guess
     */
    static boolean secure(Optional<String> explicit, Optional<String> publicUrl) {
        if (explicit.isPresent()) {
            return switch (explicit.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalStateException(SECURE_COOKIES + " must be true or false, found '"
                        + explicit.get() + "'");
            };
        }
        return publicUrl.map(url -> url.toLowerCase(Locale.ROOT).startsWith("https://")).orElse(false);
    }
}
