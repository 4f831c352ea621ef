package io.rap.fabric.agent.facts;

import io.rap.fabric.protocol.HostFacts;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Limits;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Collects {@link HostFacts} from the running Linux host: /proc and /etc first, JVM
 * properties as fallback. Values are cleaned to fit the wire limits rather than
 * failing: facts are informative, never a reason not to enroll.
 */
public final class HostFactsCollector {

    private static final Path MACHINE_ID = Path.of("/etc/machine-id");

    private final Path machineIdFile;
    private final Supplier<String> fallbackHostId;

    /** @param fallbackHostId a persisted random id, used when there is no machine id */
    public HostFactsCollector(Supplier<String> fallbackHostId) {
        this(MACHINE_ID, fallbackHostId);
    }

    public HostFactsCollector(Path machineIdFile, Supplier<String> fallbackHostId) {
        this.machineIdFile = machineIdFile;
        this.fallbackHostId = fallbackHostId;
    }

    public HostFacts collect() {
        return new HostFacts(
                hostname(),
                clean(os(), Limits.MAX_SHORT_TEXT_LENGTH),
                clean(kernel(), Limits.MAX_SHORT_TEXT_LENGTH),
                clean(System.getProperty("os.arch", "unknown"), Limits.MAX_SHORT_TEXT_LENGTH),
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                memoryBytes(),
                addresses(),
                hostFingerprint());
    }

    /** SHA-256 hex of the machine id, or of the persisted fallback id. */
    public String hostFingerprint() {
        String id = readFirstLine(machineIdFile).filter(s -> !s.isBlank()).orElseGet(fallbackHostId);
        return Keys.fingerprintSha256Hex(id.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The host name, the default node name. */
    public static String hostname() {
        String name = readFirstLine(Path.of("/proc/sys/kernel/hostname")).orElse(null);
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        return clean(name, Limits.MAX_HOSTNAME_LENGTH);
    }

    private static String os() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    String value = line.substring("PRETTY_NAME=".length()).trim();
                    if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (!value.isBlank()) {
                        return value;
                    }
                }
            }
        } catch (IOException e) {
            // fall through to the JVM's view
        }
        return System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "");
    }

    private static String kernel() {
        return readFirstLine(Path.of("/proc/sys/kernel/osrelease"))
                .or(HostFactsCollector::unameRelease)
                .orElse(System.getProperty("os.version", "unknown"));
    }

    private static Optional<String> unameRelease() {
        try {
            Process process = new ProcessBuilder("uname", "-r").redirectErrorStream(true).start();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readNBytes(256), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static long memoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                    return Math.multiplyExact(Long.parseLong(parts[0]), parts.length > 1 && parts[1].equals("kB") ? 1024L : 1L);
                }
            }
        } catch (IOException | NumberFormatException | ArithmeticException e) {
            // fall through to the JVM's view
        }
        var bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getTotalMemorySize());
        }
        return 0;
    }

    /** Addresses of interfaces that are up, without loopback and link-local ones. */
    static List<String> addresses() {
        TreeSet<String> result = new TreeSet<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                nif.inetAddresses()
                        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                        .map(a -> stripZone(a.getHostAddress()))
                        .forEach(result::add);
            }
        } catch (SocketException e) {
            return List.of();
        }
        return new ArrayList<>(result).subList(0, Math.min(result.size(), Limits.MAX_ADDRESSES));
    }

    private static String stripZone(String address) {
        int zone = address.indexOf('%');
        return zone < 0 ? address : address.substring(0, zone);
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            if (!Files.isReadable(file)) {
                return Optional.empty();
            }
            byte[] bytes;
            try (var in = Files.newInputStream(file)) {
                bytes = in.readNBytes(4096);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return Optional.of((newline < 0 ? text : text.substring(0, newline)).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One line without control characters, cut to {@code max}; "unknown" when empty. */
    static String clean(String value, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        String cleaned = out.toString().trim();
        return cleaned.isEmpty() ? "unknown" : cleaned;
    }
}
