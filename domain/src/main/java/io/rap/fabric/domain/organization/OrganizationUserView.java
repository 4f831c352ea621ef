package io.rap.fabric.domain.organization;

import java.util.UUID;

/** @param version what {@link OrganizationUserService#update} expects back, so a stale form is refused */
public record OrganizationUserView(UUID id, String username, String displayName, String email, String status,
                                   long version) {

    static OrganizationUserView of(OrganizationUser u) {
        return new OrganizationUserView(u.id(), u.username(), u.displayName(), u.email(), u.status(), u.version());
    }
}
