package io.rap.fabric.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.StackInfo.ManagedProcess;
import io.rap.fabric.devstack.keycloak.RealmSettings;
import io.rap.fabric.devstack.postgres.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackInfoTest {

    @TempDir
    Path dir;

    private final RealmSettings realm = RealmSettings.generate("http://127.0.0.1:8080");

    @Test
    void writesOwnerOnlyFileAndReadsItBack() throws Exception {
        StackInfo info = new StackInfo(StackInfo.READY, "dev", "http://127.0.0.1:8080",
                "http://127.0.0.1:8180/realms/rap", "http://127.0.0.1:8180", realm.admin(),
                new DatabaseSettings("jdbc:postgresql://127.0.0.1:15432/rap", "rap", "secret"),
                Map.of("wildflyHttp", 8080, "keycloak", 8180), realm.users(),
                List.of(new ManagedProcess("wildfly", 4711, Instant.parse("2026-01-02T03:04:05Z"))),
                Map.of("wildfly", "/tmp/wildfly.log"));
        Path file = dir.resolve("stack.json");

        info.write(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(StackInfo.read(file)).isEqualTo(info);
        assertThat(Files.readString(file)).contains("\"owner\": \"http://127.0.0.1:8080/owner/\"", "otpauth://totp/");
    }

    @Test
    void aRecordedProcessIsOnlyAliveWhileItsStartTimeMatches() {
        ProcessHandle self = ProcessHandle.current();

        assertThat(ManagedProcess.of("me", self).ifAlive()).contains(self);
        assertThat(new ManagedProcess("recycled", self.pid(), Instant.EPOCH).ifAlive()).isEmpty();
    }
}
