package io.rap.fabric.domain.access;

import java.util.UUID;

/**
 * Input of {@link AdminGrantService#grant}: the person's Keycloak username, the scope kind
 * ({@code cluster} or {@code organization}) and the cluster's or organization's id.
 */
public record NewAdminGrant(String username, String scopeKind, UUID targetId) {
}
