package io.rap.fabric.web;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.infrastructure.identity.IdTokenClaims;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * The person behind the current request, as the domain sees them. Built once per request from the
 * container-verified OIDC session and the step-up mark this portal keeps in the HTTP session.
 */
@Named
@RequestScoped
public class CurrentCaller {

    @Inject
    HttpServletRequest request;

    @Inject
    StepUpSession stepUp;

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
        Optional<Instant> strongAuthAt = latest(claims.level2AuthTime(), stepUp.strongAuthAt());
        String username = claims.username() != null ? claims.username() : principal.getName();
        return new Caller(claims.subject(), username, roles, strongAuthAt);
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
    }
}
