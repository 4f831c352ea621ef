package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a node reports about its host. Facts are claims of the node, not verified by
 * the control plane: show them, never base trust on them.
 *
 * @param hostFingerprint lowercase hex SHA-256 of a stable host id (e.g. {@code /etc/machine-id})
 */
public record HostFacts(String hostname, String os, String kernel, String arch, int cpuCount,
                        long memoryBytes, List<String> addresses, String hostFingerprint) {

    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_CPUS = 1 << 16;

    public HostFacts {
        Check.line("hostname", hostname, Limits.MAX_HOSTNAME_LENGTH);
        Check.line("os", os, Limits.MAX_SHORT_TEXT_LENGTH);
        Check.line("kernel", kernel, Limits.MAX_SHORT_TEXT_LENGTH);
        Check.line("arch", arch, Limits.MAX_SHORT_TEXT_LENGTH);
        if (cpuCount < 1 || cpuCount > MAX_CPUS) {
            throw ProtocolException.invalidField("cpuCount", "cpuCount must be between 1 and " + MAX_CPUS);
        }
        if (memoryBytes < 0) {
            throw ProtocolException.invalidField("memoryBytes", "memoryBytes must not be negative");
        }
        addresses = Check.list("addresses", addresses, Limits.MAX_ADDRESSES);
        for (String address : addresses) {
            Check.line("addresses", address, Limits.MAX_ADDRESS_LENGTH);
            if (!ADDRESS.matcher(address).matches()) {
                throw ProtocolException.invalidField("addresses", "addresses must hold IPv4 or IPv6 literals");
            }
        }
        Check.required("hostFingerprint", hostFingerprint);
        if (!SHA256_HEX.matcher(hostFingerprint).matches()) {
            throw ProtocolException.invalidField("hostFingerprint",
                    "hostFingerprint must be a lowercase hex SHA-256 (64 characters)");
        }
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("hostname", hostname)
                .add("os", os)
                .add("kernel", kernel)
                .add("arch", arch)
                .add("cpuCount", cpuCount)
                .add("memoryBytes", memoryBytes)
                .add("addresses", Json.stringArray(addresses))
                .add("hostFingerprint", hostFingerprint)
                .build();
    }

    public static HostFacts fromJson(JsonObject json) {
        return new HostFacts(
                Json.requireString(json, "hostname", Limits.MAX_HOSTNAME_LENGTH),
                Json.requireString(json, "os", Limits.MAX_SHORT_TEXT_LENGTH),
                Json.requireString(json, "kernel", Limits.MAX_SHORT_TEXT_LENGTH),
                Json.requireString(json, "arch", Limits.MAX_SHORT_TEXT_LENGTH),
                Json.requireInt(json, "cpuCount", 1, MAX_CPUS),
                Json.requireLong(json, "memoryBytes", 0, Long.MAX_VALUE),
                Json.stringList(json, "addresses", Limits.MAX_ADDRESSES, Limits.MAX_ADDRESS_LENGTH),
                Json.requireString(json, "hostFingerprint", 64));
    }

    /** Reads a nested facts object, reporting errors as {@code <parent>.<field>}. */
    static HostFacts fromJson(JsonObject json, String parent) {
        try {
            return fromJson(json);
        } catch (ProtocolException e) {
            throw e.nestedIn(parent);
        }
    }
}
