package io.rap.fabric.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final AccessPolicy policy = new AccessPolicy(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    private static Caller owner(Instant strongAuthAt) {
        return new Caller("sub-1", "owner", Set.of(Caller.PLATFORM_OWNER), Optional.ofNullable(strongAuthAt));
    }

    @Test
    void platformOwnerRoleIsRequired() {
        Caller orgAdmin = new Caller("sub-2", "org", Set.of(Caller.ORG_ADMIN), Optional.of(NOW));
        assertThatThrownBy(() -> policy.requirePlatformOwner(orgAdmin)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> policy.requirePlatformOwner(null)).isInstanceOf(AccessDeniedException.class);
        assertThatCode(() -> policy.requirePlatformOwner(owner(null))).doesNotThrowAnyException();
    }

    @Test
    void stepUpMustBeLevelTwoAndFresh() {
        assertThatThrownBy(() -> policy.requirePlatformOwnerWithStepUp(owner(null)))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> policy.requirePlatformOwnerWithStepUp(owner(NOW.minus(Duration.ofMinutes(5).plusSeconds(1)))))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatCode(() -> policy.requirePlatformOwnerWithStepUp(owner(NOW.minus(Duration.ofMinutes(4)))))
                .doesNotThrowAnyException();
    }

    @Test
    void authenticationTimesFromTheFutureAreNotTrusted() {
        assertThat(policy.hasFreshStepUp(owner(NOW.plusSeconds(20)))).isTrue();
        assertThat(policy.hasFreshStepUp(owner(NOW.plusSeconds(120)))).isFalse();
    }

    @Test
    void stepUpAloneDoesNotMakeSomeoneAnOwner() {
        Caller clusterAdmin = new Caller("sub-3", "ca", Set.of(Caller.CLUSTER_ADMIN), Optional.of(NOW));
        assertThatThrownBy(() -> policy.requirePlatformOwnerWithStepUp(clusterAdmin))
                .isInstanceOf(AccessDeniedException.class);
    }

    private static final UUID ORG_A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID ORG_B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID CLUSTER_X = UUID.fromString("00000000-0000-0000-0000-0000000000c1");

    /** Grants of "alice": organization A and cluster X. */
    private final AccessPolicy withGrants = new AccessPolicy(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5),
            new GrantLookup() {
                @Override
                public boolean hasActiveGrant(String username, String scopeKind, UUID targetId) {
                    return "alice".equals(username) && (AdminGrant.ORGANIZATION.equals(scopeKind) && ORG_A.equals(targetId)
                            || AdminGrant.CLUSTER.equals(scopeKind) && CLUSTER_X.equals(targetId));
                }

                @Override
                public Set<UUID> activeTargets(String username, String scopeKind) {
                    if (!"alice".equals(username)) {
                        return Set.of();
                    }
                    return AdminGrant.ORGANIZATION.equals(scopeKind) ? Set.of(ORG_A) : Set.of(CLUSTER_X);
                }
            });

    private static Caller alice(String... roles) {
        return new Caller("sub-a", "alice", Set.of(roles), Optional.empty());
    }

    @Test
    void anOrganizationGrantCountsOnlyForItsOrganizationAndWithTheOrgAdminRole() {
        assertThatCode(() -> withGrants.requireOrganizationAdmin(alice(Caller.ORG_ADMIN), ORG_A)).doesNotThrowAnyException();
        assertThatThrownBy(() -> withGrants.requireOrganizationAdmin(alice(Caller.ORG_ADMIN), ORG_B))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> withGrants.requireOrganizationAdmin(alice(Caller.CLUSTER_ADMIN), ORG_A))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> withGrants.requireOrganizationAdmin(null, ORG_A))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(withGrants.grantedOrganizations(alice(Caller.ORG_ADMIN))).containsExactly(ORG_A);
        assertThat(withGrants.grantedOrganizations(alice(Caller.CLUSTER_ADMIN))).isEmpty();
    }

    @Test
    void aClusterGrantCountsOnlyWithTheClusterAdminRoleAndNeverForOrganizations() {
        assertThatCode(() -> withGrants.requireClusterAdmin(alice(Caller.CLUSTER_ADMIN), CLUSTER_X))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> withGrants.requireClusterAdmin(alice(Caller.ORG_ADMIN), CLUSTER_X))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> withGrants.requireOrganizationAdmin(alice(Caller.CLUSTER_ADMIN), CLUSTER_X))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(withGrants.grantedClusters(alice(Caller.CLUSTER_ADMIN))).containsExactly(CLUSTER_X);
    }

    @Test
    void thePlatformOwnerAdministersEveryScopeWithoutGrants() {
        assertThatCode(() -> withGrants.requireOrganizationAdmin(owner(null), ORG_B)).doesNotThrowAnyException();
        assertThatCode(() -> withGrants.requireClusterAdmin(owner(null), UUID.randomUUID())).doesNotThrowAnyException();
    }

    @Test
    void aClusterAdminsHighRiskActionsNeedTheirClusterAndAFreshStepUp() {
        Caller fresh = new Caller("sub-a", "alice", Set.of(Caller.CLUSTER_ADMIN), Optional.of(NOW.minusSeconds(10)));
        assertThatCode(() -> withGrants.requireClusterAdminWithStepUp(fresh, CLUSTER_X)).doesNotThrowAnyException();
        assertThatThrownBy(() -> withGrants.requireClusterAdminWithStepUp(alice(Caller.CLUSTER_ADMIN), CLUSTER_X))
                .isInstanceOf(StepUpRequiredException.class);
        // the scope is checked before the step-up, so another cluster is a refusal, not a TOTP prompt
        assertThatThrownBy(() -> withGrants.requireClusterAdminWithStepUp(alice(Caller.CLUSTER_ADMIN),
                UUID.randomUUID())).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void allClustersAtOnceIsTheOwnersScopeOnly() {
        assertThatCode(() -> withGrants.requireClusterScope(alice(Caller.CLUSTER_ADMIN), CLUSTER_X))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> withGrants.requireClusterScope(alice(Caller.CLUSTER_ADMIN), null))
                .isInstanceOf(AccessDeniedException.class);
        assertThatCode(() -> withGrants.requireClusterScope(owner(null), null)).doesNotThrowAnyException();
    }
}
