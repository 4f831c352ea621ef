package io.rap.fabric.domain.organization;

import java.util.UUID;

public record ResourceView(UUID id, String name, String targetHost, int port, String protocol, UUID egressPoolId,
                           String egressPoolName, String description, long version) {
}
