package io.rap.fabric.domain.organization;

import java.util.regex.Pattern;

/** Shapes of the organization domain's free-text fields. */
final class Validation {

    /** A DNS name, an IPv4 or an IPv6 address: letters, digits, dots, hyphens and colons. */
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.:-]{0,251}[A-Za-z0-9])?");
    static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Keycloak's default username characters, lower-cased as Keycloak stores them. */
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@+-]{0,254}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private Validation() {
    }
}
