package io.rap.fabric.domain.organization;

import java.time.Instant;
import java.util.UUID;

/** An organization as the platform owner lists it, with the cluster that serves it. */
public record OrganizationListing(UUID id, String name, String slug, String status, UUID clusterId,
                                  String clusterName, Instant createdAt) {
}
