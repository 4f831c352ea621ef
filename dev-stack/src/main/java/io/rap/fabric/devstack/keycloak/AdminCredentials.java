package io.rap.fabric.devstack.keycloak;

import java.util.Objects;

/** Keycloak's bootstrap (temporary) admin in the master realm; only used on the first start of a data dir. */
public record AdminCredentials(String username, String password) {

    public AdminCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank() || password.isEmpty()) {
            throw new IllegalArgumentException("admin username and password must not be empty");
        }
    }

    @Override
    public String toString() {
        return "AdminCredentials[username=" + username + ", password=***]";
    }
}
