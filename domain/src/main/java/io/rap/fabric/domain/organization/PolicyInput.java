package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.shared.Inputs;
import java.time.DayOfWeek;
import java.util.Set;
import java.util.UUID;

/**
 * Input of {@link OrganizationPolicyService#create} and {@code update}: who (user ids), what
 * (resource ids), from where (entry point ids), when (days, "HH:mm" window, time zone), MFA.
 */
public record PolicyInput(String name, Set<DayOfWeek> days, String windowStart, String windowEnd, String timeZone,
                          boolean mfaRequired, boolean enabled, Set<UUID> userIds, Set<UUID> resourceIds,
                          Set<UUID> entryPointIds) {

    public PolicyInput {
        days = days == null ? Set.of() : Set.copyOf(days);
        userIds = userIds == null ? Set.of() : Set.copyOf(userIds);
        resourceIds = resourceIds == null ? Set.of() : Set.copyOf(resourceIds);
        entryPointIds = entryPointIds == null ? Set.of() : Set.copyOf(entryPointIds);
    }

    record Checked(String name, TimeWindow window, boolean mfaRequired, boolean enabled) {
    }

    Checked check() {
        return new Checked(Inputs.required("name", name, 120), TimeWindow.of(days, windowStart, windowEnd, timeZone),
                mfaRequired, enabled);
    }
}
