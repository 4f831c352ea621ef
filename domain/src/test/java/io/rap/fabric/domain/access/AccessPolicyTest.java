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
}
