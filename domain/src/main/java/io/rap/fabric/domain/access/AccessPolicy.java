package io.rap.fabric.domain.access;

import io.rap.fabric.domain.infrastructure.config.MissingConfigurationException;
import io.rap.fabric.domain.infrastructure.config.RapConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one place that answers "may this caller do this". Every public domain service method
 * calls one of the {@code require...} methods first; pages use the {@code can...} answers only
 * to decide what to show.
 */
@ApplicationScoped
public class AccessPolicy {

    /** How old a level-2 authentication may be when a high-risk action runs, unless configured. */
    public static final Duration STEP_UP_MAX_AGE = Duration.ofMinutes(5);
    public static final String STEP_UP_MAX_AGE_SETTING = "RAP_STEP_UP_MAX_AGE_SECONDS";

    /** Tolerated clock difference between the identity provider and this server. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final Clock clock;
    private final Duration stepUpMaxAge;

    /** For the CDI proxy only. */
    protected AccessPolicy() {
        this(Clock.systemUTC(), STEP_UP_MAX_AGE);
    }

    @Inject
    public AccessPolicy(Clock clock, RapConfig config) {
        this(clock, stepUpMaxAge(config));
    }

    public AccessPolicy(Clock clock, Duration stepUpMaxAge) {
        this.clock = clock;
        this.stepUpMaxAge = stepUpMaxAge;
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
}
