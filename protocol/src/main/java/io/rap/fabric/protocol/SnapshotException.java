package io.rap.fabric.protocol;

/** A snapshot the agent must not apply; the code says why, for logs, reports and tests. */
public class SnapshotException extends ProtocolException {

    public static final String MALFORMED = "snapshot_malformed";
    public static final String UNSIGNED = "snapshot_unsigned";
    public static final String BAD_SIGNATURE = "snapshot_bad_signature";
    public static final String UNTRUSTED_SIGNER = "snapshot_untrusted_signer";
    public static final String FOREIGN_CLUSTER = "snapshot_foreign_cluster";
    public static final String WRONG_NODE = "snapshot_wrong_node";
    public static final String EXPIRED = "snapshot_expired";
    public static final String ROLLBACK = "snapshot_rollback";

    private static final long serialVersionUID = 1L;

    public SnapshotException(String code, String message) {
        super(code, null, message);
    }
}
