package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.infrastructure.config.RapConfig;
import io.rap.fabric.domain.infrastructure.identity.OidcClientSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** This portal's OIDC client, read from the same settings the server's OIDC subsystem uses. */
@ApplicationScoped
public class OidcSettings {

    static final String CLIENT_ID = "rap-cluster";

    @Inject
    RapConfig config;

    public OidcClientSettings client() {
        return new OidcClientSettings(
                config.get("RAP_OIDC_PROVIDER_URL").orElse("http://127.0.0.1:8180/realms/rap"),
                CLIENT_ID,
                config.require("RAP_OIDC_CLUSTER_SECRET"));
    }
}
