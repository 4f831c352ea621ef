package io.rap.fabric.domain.organization;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A policy with its members by name, as the organization's admins see and edit it. */
public record PolicyView(UUID id, String name, Set<DayOfWeek> days, String windowStart, String windowEnd,
                         String timeZone, boolean mfaRequired, boolean enabled, List<Member> users,
                         List<Member> resources, List<Member> entryPoints, long version) {

    public PolicyView {
        days = Set.copyOf(days);
        users = List.copyOf(users);
        resources = List.copyOf(resources);
        entryPoints = List.copyOf(entryPoints);
    }

    /** One user, resource or entry point of the policy. */
    public record Member(UUID id, String name) {
    }
}
