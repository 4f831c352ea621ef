package io.rap.fabric.domain.node;

import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.shared.ValidationException;
import java.util.List;

/**
 * Filters of the node list, applied in SQL; null means any. They come from links (the owner
 * overview's numbers link to {@code nodes.xhtml?health=silent&status=active}), so every value is
 * checked and an unknown one refused with the field it came from, never ignored.
 *
 * @param health derived health: {@code healthy}, {@code degraded}, {@code unhealthy}, {@code silent}, {@code unknown}
 * @param status membership status: {@code active}, {@code disabled}, {@code revoked}, {@code left}
 * @param role   a catalog role the membership holds by an active assignment
 */
public record NodeFilter(String health, String status, String role) {

    public static final List<String> HEALTH = List.of("healthy", "degraded", "unhealthy", Health.SILENT, Health.UNKNOWN);
    public static final List<String> STATUS = List.of("active", "disabled", "revoked", "left");

    public NodeFilter {
        if (health != null && !HEALTH.contains(health)) {
            throw new ValidationException("health", "Unknown health: use one of " + String.join(", ", HEALTH));
        }
        if (status != null && !STATUS.contains(status)) {
            throw new ValidationException("status", "Unknown membership status: use one of " + String.join(", ", STATUS));
        }
        if (role != null && !RoleCatalog.exists(role)) {
            throw new ValidationException("role", "Unknown role");
        }
    }

    public static NodeFilter none() {
        return new NodeFilter(null, null, null);
    }

    /** From request parameters: blank means any. */
    public static NodeFilter of(String health, String status, String role) {
        return new NodeFilter(blankToNull(health), blankToNull(status), blankToNull(role));
    }

    public boolean isEmpty() {
        return health == null && status == null && role == null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
