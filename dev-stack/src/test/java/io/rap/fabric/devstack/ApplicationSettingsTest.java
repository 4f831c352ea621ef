package io.rap.fabric.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.RealmSettings;
import io.rap.fabric.devstack.postgres.DatabaseSettings;
import org.junit.jupiter.api.Test;

class ApplicationSettingsTest {

    private final RealmSettings realm = RealmSettings.generate("http://127.0.0.1:8080");
    private final ServerSecrets secrets = ServerSecrets.generate();
    private final ApplicationSettings settings = ApplicationSettings.of(
            new DatabaseSettings("jdbc:postgresql://127.0.0.1:15432/rap", "rap", "pw"),
            "http://127.0.0.1:8180/realms/rap", realm, secrets, "http://127.0.0.1:8080");

    @Test
    void namesEveryVariableTheServerResolves() {
        assertThat(settings.environment()).containsOnlyKeys("RAP_DB_URL", "RAP_DB_USER", "RAP_DB_PASSWORD",
                "RAP_OIDC_PROVIDER_URL", "RAP_OIDC_OWNER_SECRET", "RAP_OIDC_CLUSTER_SECRET", "RAP_OIDC_ORG_SECRET",
                "RAP_CA_KEK", "RAP_PUBLIC_URL", "RAP_STEP_UP_MAX_AGE_SECONDS");
        assertThat(settings.environment())
                .containsEntry("RAP_OIDC_CLUSTER_SECRET", realm.clientSecret("rap-cluster"))
                .containsEntry("RAP_CA_KEK", secrets.caKek())
                .containsEntry("RAP_STEP_UP_MAX_AGE_SECONDS", String.valueOf(realm.stepUpMaxAgeSeconds()));
    }

    @Test
    void systemPropertiesUseTheLowerCaseDottedNames() {
        assertThat(settings.systemProperties())
                .containsEntry("rap.db.url", "jdbc:postgresql://127.0.0.1:15432/rap")
                .containsEntry("rap.oidc.owner.secret", realm.clientSecret("rap-owner"))
                .hasSameSizeAs(settings.environment());
    }
}
