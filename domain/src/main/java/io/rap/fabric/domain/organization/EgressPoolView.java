package io.rap.fabric.domain.organization;

import java.util.UUID;

/** An egress pool as the organization sees it: name, region and a {@link SafeStatus}; no node ever. */
public record EgressPoolView(UUID id, String name, String region, String status) {
}
