package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.protocol.ProtocolException;
import java.util.UUID;

final class Ids {

    private Ids() {
    }

    /** A path id that is not a UUID names nothing: 404, like any unknown id. */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("Resource");
        }
    }

    /** A required query parameter naming something by id: missing or malformed is the caller's error (400). */
    static UUID query(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProtocolException.invalidField(name, "The query parameter " + name + " is required");
        }
        try {
            UUID id = UUID.fromString(value);
            // fromString also takes abbreviated forms such as 1-2-3-4-5; only the canonical one names a row
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProtocolException.invalidField(name, "The query parameter " + name + " must be a UUID");
    }
}
