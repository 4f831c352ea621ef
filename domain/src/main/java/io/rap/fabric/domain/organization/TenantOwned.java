package io.rap.fabric.domain.organization;

import java.util.UUID;

/** A row that belongs to exactly one organization; {@link TenantRepository} loads it only together with that id. */
public interface TenantOwned {
    UUID id();

    UUID organizationId();
}
