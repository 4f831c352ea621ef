package io.rap.fabric.domain.organization;

import java.time.Instant;
import java.util.UUID;

/** An organization as its own admins see it: nothing about the cluster or nodes that serve it. */
public record OrganizationView(UUID id, String name, String slug, String status, String description,
                               Instant createdAt) {

    static OrganizationView of(Organization o) {
        return new OrganizationView(o.id(), o.name(), o.slug(), o.status(), o.description(), o.createdAt());
    }
}
