package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.shared.NotFoundException;
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
}
