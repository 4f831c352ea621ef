package io.rap.fabric.protocol;

/**
 * Size limits of the node API, checked by both ends. Lengths are in UTF-16 chars
 * ({@link String#length()}); JSON-P hands strings over already decoded.
 */
public final class Limits {

    /** Largest request or response body either end reads. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static final int MAX_JOIN_TOKEN_LENGTH = 512;
    public static final int MAX_CSR_PEM_LENGTH = 8 * 1024;
    public static final int MAX_CERTIFICATE_PEM_LENGTH = 16 * 1024;
    /** The CA certificate field may carry a chain. */
    public static final int MAX_CERTIFICATE_CHAIN_PEM_LENGTH = 32 * 1024;
    public static final int MAX_PROOF_LENGTH = 4 * 1024;

    /** Also the CSR common name, whose X.520 upper bound is 64. */
    public static final int MAX_NODE_NAME_LENGTH = 64;
    public static final int MAX_HOSTNAME_LENGTH = 253;
    /** Operating system name, kernel release, architecture, agent version. */
    public static final int MAX_SHORT_TEXT_LENGTH = 128;
    /** Capabilities, roles, workload types, statuses. */
    public static final int MAX_IDENTIFIER_LENGTH = 64;
    public static final int MAX_WORKLOAD_NAME_LENGTH = 128;
    public static final int MAX_REASON_LENGTH = 1024;
    public static final int MAX_PROBLEM_TYPE_LENGTH = 256;
    public static final int MAX_ADDRESS_LENGTH = 64;
    public static final int MAX_INSTANT_LENGTH = 64;
    public static final int MAX_JTI_LENGTH = 128;
    /** Shortest accepted proof id: 96 bits in base64url. */
    public static final int MIN_JTI_LENGTH = 16;

    /** Certificate serial numbers in lower-case hex (ours are 127-bit: 32 digits). */
    public static final int MAX_SERIAL_LENGTH = 64;
    /**
     * Entries of one revocation list; with each entry about 130 bytes the list stays inside
     * {@link #MAX_BODY_BYTES}.
     */
    public static final int MAX_REVOKED_CERTIFICATES = 400;

    public static final int MAX_ADDRESSES = 64;
    public static final int MAX_CAPABILITIES = 64;
    public static final int MAX_ROLES = 16;
    public static final int MAX_WORKLOADS = 256;
    /** Test telemetry flags of one desired state: one per name, and the catalog is small. */
    public static final int MAX_TELEMETRY_FLAGS = 16;
    /** A signed snapshot: the peers of a core node and the revocation list make it the largest document. */
    public static final int MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;
    public static final int MAX_PEERS = 5_000;
    public static final int MAX_REVOKED_SERIALS = 100_000;
    public static final int MAX_ENTRY_POINTS = 1_000;
    public static final int MAX_RESOURCES = 10_000;
    public static final int MAX_WORKLOAD_SETTINGS = 32;
    public static final int MAX_SETTING_VALUE_LENGTH = 1024;

    private Limits() {
    }
}
