package io.rap.fabric.domain.infrastructure.identity;

import java.util.Objects;

/** One portal's OIDC client at the identity provider. */
public record OidcClientSettings(String issuer, String clientId, String clientSecret) {

    public OidcClientSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    @Override
    public String toString() {
        return "OidcClientSettings[issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}
