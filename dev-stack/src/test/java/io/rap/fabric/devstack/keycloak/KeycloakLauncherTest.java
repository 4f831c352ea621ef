package io.rap.fabric.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's failure paths, with a stand-in kc.sh instead of Keycloak. */
class KeycloakLauncherTest {

    @TempDir
    Path dir;

    private final RealmSettings settings = RealmSettings.generate("http://127.0.0.1:8080");

    @Test
    void earlyExitFailsWithTheLogTail() throws IOException {
        Path home = fakeKeycloak("echo 'ERROR: something Keycloak would say'\nexit 3\n");
        KeycloakLauncher launcher = new KeycloakLauncher(home, dir.resolve("work"), freePort());

        assertThatThrownBy(() -> launcher.start(settings))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("ERROR: something Keycloak would say");
    }

    @Test
    void timeoutFailsAndStopsTheWholeProcessTree() throws IOException {
        Path childPid = dir.resolve("child.pid");
        Path home = fakeKeycloak("sleep 120 &\necho $! > " + childPid + "\necho 'still booting'\nwait\n");
        KeycloakLauncher launcher = new KeycloakLauncher(home, dir.resolve("work"), freePort())
                .withStartupTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> launcher.start(settings))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not ready after 2 s")
                .hasMessageContaining("still booting");
        long child = Long.parseLong(Files.readString(childPid, StandardCharsets.US_ASCII).trim());
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void refusesAPortInUseBeforeStarting() throws IOException {
        Path home = fakeKeycloak("exit 0\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            KeycloakLauncher launcher = new KeycloakLauncher(home, dir.resolve("work"), taken.getLocalPort());

            assertThatThrownBy(() -> launcher.start(settings))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("port " + taken.getLocalPort());
        }
    }

    @Test
    void writesTheRenderedRealmOwnerOnlyAndLinksTheDistributionLibraries() throws IOException {
        Path home = fakeKeycloak("exit 1\n");
        Path work = dir.resolve("work");
        KeycloakLauncher launcher = new KeycloakLauncher(home, work, freePort());

        assertThatThrownBy(() -> launcher.start(settings)).isInstanceOf(IOException.class);

        Path realm = launcher.realmFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(realm))).isEqualTo("rw-------");
        assertThat(Files.readString(realm)).contains(settings.clientSecret("rap-org")).doesNotContain("${");
        assertThat(Files.readSymbolicLink(launcher.serverHome().resolve("lib"))).isEqualTo(home.resolve("lib"));
    }

    private Path fakeKeycloak(String body) throws IOException {
        Path home = dir.resolve("keycloak");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Path script = home.resolve("bin/kc.sh");
        Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
