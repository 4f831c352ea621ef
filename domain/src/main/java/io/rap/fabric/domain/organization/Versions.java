package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.shared.ConflictException;

/** Optimistic checks against the version a form was built from, so one admin cannot silently undo another's change. */
final class Versions {

    private Versions() {
    }

    static void require(long current, long expected) {
        if (current != expected) {
            throw new ConflictException("stale_version",
                    "Someone else changed this meanwhile: reload the page and apply your change again");
        }
    }
}
