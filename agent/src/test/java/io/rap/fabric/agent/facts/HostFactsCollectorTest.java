package io.rap.fabric.agent.facts;

import io.rap.fabric.protocol.HostFacts;
import io.rap.fabric.protocol.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HostFactsCollectorTest {

    @TempDir
    Path tmp;

    @Test
    void collectsSaneFactsOnThisLinuxHost() throws Exception {
        HostFacts facts = new HostFactsCollector(() -> "fallback").collect();

        assertThat(facts.hostname()).isNotBlank().doesNotContain("\n");
        assertThat(facts.os()).isNotBlank();
        assertThat(facts.kernel()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        assertThat(facts.arch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(facts.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(facts.memoryBytes()).isGreaterThan(64L * 1024 * 1024);
        assertThat(facts.addresses()).doesNotContain("127.0.0.1", "::1")
                .allSatisfy(a -> assertThat(a).doesNotStartWith("fe80").doesNotContain("%"));
        assertThat(facts.hostFingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void fingerprintHashesTheMachineId() throws Exception {
        Path machineId = tmp.resolve("machine-id");
        Files.writeString(machineId, "0123456789abcdef0123456789abcdef\n");

        String fingerprint = new HostFactsCollector(machineId, () -> "unused").hostFingerprint();

        assertThat(fingerprint).isEqualTo(Keys.fingerprintSha256Hex(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fingerprintFallsBackToThePersistedHostId() {
        String fingerprint = new HostFactsCollector(tmp.resolve("missing"), () -> "generated-id").hostFingerprint();

        assertThat(fingerprint).isEqualTo(Keys.fingerprintSha256Hex("generated-id".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cleaningKeepsOneShortLine() {
        assertThat(HostFactsCollector.clean("a\nb\u0007c", 10)).isEqualTo("a b c");
        assertThat(HostFactsCollector.clean("abcdef", 3)).isEqualTo("abc");
        assertThat(HostFactsCollector.clean("\n", 3)).isEqualTo("unknown");
    }
}
