package io.rap.fabric.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealmSettingsTest {

    @TempDir
    Path dir;

    @Test
    void generatesOneSecretPerPortalClientAndThreeDemoUsers() {
        RealmSettings settings = RealmSettings.generate("http://127.0.0.1:8080/");

        assertThat(settings.portalBaseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(settings.clientSecrets()).containsOnlyKeys("rap-owner", "rap-cluster", "rap-org");
        assertThat(settings.clientSecrets().values()).allSatisfy(secret -> assertThat(secret).hasSize(43))
                .doesNotHaveDuplicates();
        assertThat(settings.users()).extracting(DemoUser::username).containsExactly("owner", "cluster-admin", "org-admin");
        assertThat(settings.user("owner").realmRoles()).containsExactly("platform-owner");
        assertThat(settings.users()).allSatisfy(user -> {
            assertThat(Base32.decode(user.totpSecretBase32())).hasSize(20);
            assertThat(user.password()).hasSize(24);
        });
        assertThat(settings.admin().username()).isEqualTo("admin");
    }

    @Test
    void anExtraUserGetsFreshSecretsAndKeepsTheRest() {
        RealmSettings settings = RealmSettings.generate("http://127.0.0.1:8080");

        RealmSettings more = settings.withExtraUser("no-grant", List.of("cluster-admin", "org-admin"));

        assertThat(more.users()).extracting(DemoUser::username)
                .containsExactly("owner", "cluster-admin", "org-admin", "no-grant");
        assertThat(more.user("no-grant").realmRoles()).containsExactly("cluster-admin", "org-admin");
        assertThat(more.user("no-grant").password()).hasSize(24).isNotEqualTo(settings.user("org-admin").password());
        assertThat(more.clientSecrets()).isEqualTo(settings.clientSecrets());
        assertThat(RealmSettings.fromJsonText(more.toJsonText())).isEqualTo(more);
        assertThatThrownBy(() -> more.withExtraUser("owner", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundTripKeepsEverything() {
        RealmSettings settings = RealmSettings.generate("http://127.0.0.1:8080");

        assertThat(RealmSettings.fromJsonText(settings.toJsonText())).isEqualTo(settings);
    }

    @Test
    void persistsOwnerOnlyAndReusesOnRestart() throws IOException {
        Path file = dir.resolve("state/realm-settings.json");

        RealmSettings first = RealmSettings.loadOrGenerate(file, "http://127.0.0.1:8080");
        RealmSettings second = RealmSettings.loadOrGenerate(file, "http://127.0.0.1:8080");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void keepsSecretsWhenThePortalMoves() throws IOException {
        Path file = dir.resolve("realm-settings.json");
        RealmSettings first = RealmSettings.loadOrGenerate(file, "http://127.0.0.1:8080");

        RealmSettings moved = RealmSettings.loadOrGenerate(file, "http://127.0.0.1:9090");

        assertThat(moved.portalBaseUrl()).isEqualTo("http://127.0.0.1:9090");
        assertThat(moved.clientSecrets()).isEqualTo(first.clientSecrets());
        assertThat(RealmSettings.read(file)).isEqualTo(moved);
    }

    @Test
    void refusesASettingsFileOthersCanRead() throws IOException {
        Path file = dir.resolve("realm-settings.json");
        RealmSettings.generate("http://127.0.0.1:8080").write(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> RealmSettings.read(file)).isInstanceOf(IOException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void toStringShowsNoSecret() {
        RealmSettings settings = RealmSettings.generate("http://127.0.0.1:8080");

        String text = settings.toString();

        assertThat(text).contains("owner").doesNotContain(settings.clientSecret("rap-owner"))
                .doesNotContain(settings.user("owner").password())
                .doesNotContain(settings.user("owner").totpSecretBase32())
                .doesNotContain(settings.admin().password());
    }

    @Test
    void otpauthUriCarriesTheRealmPolicy() {
        DemoUser user = new DemoUser("cluster-admin", "pw", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", java.util.List.of());

        assertThat(user.otpauthUri("RAP dev"))
                .isEqualTo("otpauth://totp/RAP%20dev:cluster-admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=RAP%20dev&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void rejectsAPortalUrlThatIsNotHttp() {
        assertThatThrownBy(() -> RealmSettings.generate("ftp://example.org")).isInstanceOf(IllegalArgumentException.class);
    }
}
