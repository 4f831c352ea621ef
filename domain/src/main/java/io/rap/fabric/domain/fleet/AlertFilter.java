package io.rap.fabric.domain.fleet;

import io.rap.fabric.domain.shared.ValidationException;
import java.util.UUID;

/** Which alerts to list; null means any. An unknown kind is refused, not silently ignored. */
public record AlertFilter(String kind, UUID clusterId) {

    public AlertFilter {
        if (kind != null && !FleetAlert.KINDS.contains(kind)) {
            throw new ValidationException("kind", "Unknown alert kind: use one of " + String.join(", ", FleetAlert.KINDS));
        }
    }

    public static AlertFilter none() {
        return new AlertFilter(null, null);
    }

    /** From request parameters: blank means any. */
    public static AlertFilter of(String kind, UUID clusterId) {
        return new AlertFilter(kind == null || kind.isBlank() ? null : kind.strip(), clusterId);
    }
}
