package io.rap.fabric.devstack.keycloak;

import java.security.SecureRandom;
import java.util.Base64;

/** Random material for the dev realm. One SecureRandom per JVM is enough and avoids reseeding costs. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    // No look-alikes (0/O, 1/l/I) so a person can type a password shown in the terminal.
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private Secrets() {
    }

    /** 256 bits, base64url without padding: safe in URLs, Basic auth and JSON alike. */
    static String clientSecret() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    /** 24 characters from a 55-symbol alphabet: about 138 bits. */
    static String password() {
        StringBuilder out = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            out.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return out.toString();
    }

    /** 160 bits, the shared-secret length RFC 4226 recommends for HMAC-SHA1. */
    static String totpSecret() {
        return Base32.encode(bytes(20));
    }

    private static byte[] bytes(int count) {
        byte[] out = new byte[count];
        RANDOM.nextBytes(out);
        return out;
    }
}
