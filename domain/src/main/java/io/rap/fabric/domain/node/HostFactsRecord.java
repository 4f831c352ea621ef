package io.rap.fabric.domain.node;

import java.util.List;

/** Host facts as the domain keeps them; {@code json} is the full reported object. */
public record HostFactsRecord(String hostname, String os, String kernel, String arch, int cpuCount, long memoryBytes,
                              List<String> addresses, String hostFingerprint, String json) {
}
