package io.rap.fabric.protocol;

import java.util.UUID;

/** The origin of a fabric stream, as proven by a verified assertion, and what it asked for. */
public record VerifiedOrigin(UUID origin, String intent, String certificateSerial) {
}
