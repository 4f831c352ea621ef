package io.rap.fabric.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSecretsTest {

    @TempDir
    Path dir;

    @Test
    void generatesA256BitKeyEncryptionKey() {
        assertThat(Base64.getDecoder().decode(ServerSecrets.generate().caKek())).hasSize(32);
        assertThat(ServerSecrets.generate()).isNotEqualTo(ServerSecrets.generate());
    }

    @Test
    void keepsTheFirstSecretsInAnOwnerOnlyFile() throws IOException {
        Path file = dir.resolve("server-secrets.json");

        ServerSecrets first = ServerSecrets.loadOrGenerate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ServerSecrets.loadOrGenerate(file)).isEqualTo(first);
        assertThat(first.toString()).doesNotContain(first.caKek(), first.databasePassword());
    }

    @Test
    void refusesAFileOthersCanRead() throws IOException {
        Path file = dir.resolve("server-secrets.json");
        ServerSecrets.loadOrGenerate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ServerSecrets.loadOrGenerate(file)).hasMessageContaining("chmod 600");
    }
}
