package io.rap.fabric.domain.access;

import io.rap.fabric.domain.infrastructure.config.MissingConfigurationException;
import io.rap.fabric.domain.infrastructure.config.RapConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The one place that answers "may this caller do this". Every public domain service method
 * calls one of the {@code require...} methods first; pages use the {@code can...} answers only
 * to decide what to show.
 *
 * <p>Scopes (DESIGN.md §5): the platform owner (realm role {@code platform-owner}) covers
 * everything. A cluster or organization scope needs both the matching realm role and an active
 * admin grant in PostgreSQL: an {@code organization} grant counts only for a person with the
 * {@code org-admin} role, a {@code cluster} grant only with {@code cluster-admin}. So removing the
 * role in Keycloak, or revoking the grant here, each ends the access on the next request.
 */
@ApplicationScoped
public class AccessPolicy {

    /** How old a level-2 authentication may be when a high-risk action runs, unless configured. */
    public static final Duration STEP_UP_MAX_AGE = Duration.ofMinutes(5);
    public static final String STEP_UP_MAX_AGE_SETTING = "RAP_STEP_UP_MAX_AGE_SECONDS";

    /** Tolerated clock difference between the identity provider and this server. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final GrantLookup NO_GRANTS = new GrantLookup() {
        @Override
        public boolean hasActiveGrant(String username, String scopeKind, UUID targetId) {
            return false;
        }

        @Override
        public Set<UUID> activeTargets(String username, String scopeKind) {
            return Set.of();
        }
    };

    private final Clock clock;
    private final Duration stepUpMaxAge;
    private final GrantLookup grants;

    /** For the CDI proxy only. */
    protected AccessPolicy() {
        this(Clock.systemUTC(), STEP_UP_MAX_AGE);
    }

    @Inject
    public AccessPolicy(Clock clock, RapConfig config, GrantLookup grants) {
        this(clock, stepUpMaxAge(config), grants);
    }

    /** Without grants: only the platform owner's checks work (unit tests of step-up). */
    public AccessPolicy(Clock clock, Duration stepUpMaxAge) {
        this(clock, stepUpMaxAge, NO_GRANTS);
    }

    public AccessPolicy(Clock clock, Duration stepUpMaxAge, GrantLookup grants) {
        this.clock = clock;
        this.stepUpMaxAge = stepUpMaxAge;
        this.grants = grants;
    }

    /** Configurable between 10 seconds and 15 minutes; Keycloak's level-2 max age should match. */
    public static Duration stepUpMaxAge(RapConfig config) {
        long seconds = config.get(STEP_UP_MAX_AGE_SETTING).map(Long::parseLong).orElse(STEP_UP_MAX_AGE.toSeconds());
        if (seconds < 10 || seconds > 900) {
            throw new MissingConfigurationException(STEP_UP_MAX_AGE_SETTING);
        }
        return Duration.ofSeconds(seconds);
    }

    public Duration stepUpMaxAge() {
        return stepUpMaxAge;
    }

    public void requirePlatformOwner(Caller caller) {
        if (caller == null || !caller.isPlatformOwner()) {
            throw new AccessDeniedException("Only the platform owner may do this");
        }
    }

    /** For high-risk actions: platform owner and a fresh level-2 authentication. */
    public void requirePlatformOwnerWithStepUp(Caller caller) {
        requirePlatformOwner(caller);
        requireStepUp(caller);
    }

    public void requireStepUp(Caller caller) {
        if (!hasFreshStepUp(caller)) {
            throw new StepUpRequiredException();
        }
    }

    public boolean hasFreshStepUp(Caller caller) {
        if (caller == null || caller.strongAuthAt().isEmpty()) {
            return false;
        }
        Instant at = caller.strongAuthAt().get();
        Instant now = clock.instant();
        return !at.isAfter(now.plus(CLOCK_SKEW)) && !at.isBefore(now.minus(stepUpMaxAge));
    }

    /**
     * The platform owner, or an {@code org-admin} with an active grant for this organization.
     * The refusal is the same whether or not the organization exists, so it reveals nothing.
     */
    public void requireOrganizationAdmin(Caller caller, UUID organizationId) {
        if (!administersOrganization(caller, organizationId)) {
            throw new AccessDeniedException("You do not administer this organization");
        }
    }

    public boolean administersOrganization(Caller caller, UUID organizationId) {
        if (caller == null) {
            return false;
        }
        if (caller.isPlatformOwner()) {
            return true;
        }
        return organizationId != null && caller.hasRealmRole(Caller.ORG_ADMIN)
                && grants.hasActiveGrant(caller.username(), AdminGrant.ORGANIZATION, organizationId);
    }

    /** The platform owner, or a {@code cluster-admin} with an active grant for this cluster. */
    public void requireClusterAdmin(Caller caller, UUID clusterId) {
        if (!administersCluster(caller, clusterId)) {
            throw new AccessDeniedException("You do not administer this cluster");
        }
    }

    /** For high-risk actions in one cluster (approve a join, assign a role): its admin and a fresh level 2. */
    public void requireClusterAdminWithStepUp(Caller caller, UUID clusterId) {
        requireClusterAdmin(caller, clusterId);
        requireStepUp(caller);
    }

    /**
     * For reads that take an optional cluster: one cluster needs its admin (or the owner), while
     * {@code null} means "every cluster", a cross-cluster view only the platform owner may have.
     */
    public void requireClusterScope(Caller caller, UUID clusterIdOrAll) {
        if (clusterIdOrAll == null) {
            requirePlatformOwner(caller);
        } else {
            requireClusterAdmin(caller, clusterIdOrAll);
        }
    }

    public boolean administersCluster(Caller caller, UUID clusterId) {
        if (caller == null) {
            return false;
        }
        if (caller.isPlatformOwner()) {
            return true;
        }
        return clusterId != null && caller.hasRealmRole(Caller.CLUSTER_ADMIN)
                && grants.hasActiveGrant(caller.username(), AdminGrant.CLUSTER, clusterId);
    }

    /**
     * Organizations the caller holds a usable grant for (empty without the {@code org-admin} role).
     * The platform owner's global scope is not listed here: services query "all" for the owner.
     */
    public Set<UUID> grantedOrganizations(Caller caller) {
        if (caller == null || !caller.hasRealmRole(Caller.ORG_ADMIN)) {
            return Set.of();
        }
        return Set.copyOf(grants.activeTargets(caller.username(), AdminGrant.ORGANIZATION));
    }

    /** Clusters the caller holds a usable grant for (empty without the {@code cluster-admin} role). */
    public Set<UUID> grantedClusters(Caller caller) {
        if (caller == null || !caller.hasRealmRole(Caller.CLUSTER_ADMIN)) {
            return Set.of();
        }
        return Set.copyOf(grants.activeTargets(caller.username(), AdminGrant.CLUSTER));
    }
}
