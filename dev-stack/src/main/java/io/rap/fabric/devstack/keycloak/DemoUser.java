package io.rap.fabric.devstack.keycloak;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A person imported into the dev realm with a password and an already enrolled TOTP authenticator,
 * so logins need no required actions. {@link #toString()} redacts the secrets: settings get logged.
 */
public record DemoUser(String username, String password, String totpSecretBase32, List<String> realmRoles) {

    public DemoUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(totpSecretBase32, "totpSecretBase32");
        if (username.isBlank() || password.isEmpty()) {
            throw new IllegalArgumentException("username and password must not be empty");
        }
        if (Base32.decode(totpSecretBase32).length < 20) {
            throw new IllegalArgumentException("TOTP secret of " + username + " is shorter than 160 bits");
        }
        realmRoles = List.copyOf(realmRoles);
    }

    /** Key URI for authenticator apps (the de-facto "otpauth" format), matching the realm's OTP policy. */
    public String otpauthUri(String issuer) {
        String label = encode(issuer) + ":" + encode(username);
        return "otpauth://totp/" + label
                + "?secret=" + totpSecretBase32
                + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.PERIOD_SECONDS;
    }

    /** The current one-time code, for scripts and tests. */
    public String currentTotp() {
        return Totp.code(totpSecretBase32, Instant.now());
    }

    @Override
    public String toString() {
        return "DemoUser[username=" + username + ", realmRoles=" + realmRoles + ", password=***, totpSecret=***]";
    }

    private static String encode(String text) {
        // URLEncoder does form encoding; a URI path/query wants %20 for spaces.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
