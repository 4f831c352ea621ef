package io.rap.fabric.org.web;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.infrastructure.identity.IdTokenClaims;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * The person behind the current request, as the domain sees them, built once per request from
 * the container-verified OIDC session. Which organizations they administer is not decided here:
 * every domain call checks the grant in the database.
 */
@Named
@RequestScoped
public class CurrentCaller {

    @Inject
    HttpServletRequest request;

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            caller = build();
        }
        return caller;
    }

    private Caller build() {
        Principal principal = request.getUserPrincipal();
        if (!(principal instanceof OidcPrincipal<?> oidc)) {
            throw new IllegalStateException("no OIDC session on a protected page");
        }
        IdTokenClaims claims = IdTokenClaims.ofContainerVerified(oidc.getOidcSecurityContext().getIDTokenString());
        Set<String> roles = Stream.of(Caller.PLATFORM_OWNER, Caller.CLUSTER_ADMIN, Caller.ORG_ADMIN)
                .filter(request::isUserInRole).collect(Collectors.toSet());
        String username = claims.username() != null ? claims.username() : principal.getName();
        return new Caller(claims.subject(), username, roles, claims.level2AuthTime());
    }
}
