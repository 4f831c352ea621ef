package io.rap.fabric.protocol;

/** An origin assertion the destination refuses; the code names the first check that failed. */
public class OriginAssertionException extends ProtocolException {

    public static final String MALFORMED = "origin_malformed";
    public static final String UNTRUSTED_CERTIFICATE = "origin_untrusted_certificate";
    public static final String BAD_SIGNATURE = "origin_bad_signature";
    public static final String FOREIGN_CLUSTER = "origin_foreign_cluster";
    public static final String IDENTITY_MISMATCH = "origin_identity_mismatch";
    public static final String REVOKED = "origin_revoked";
    public static final String WRONG_DESTINATION = "origin_wrong_destination";
    public static final String STALE = "origin_stale";
    public static final String REPLAYED = "origin_replayed";

    private static final long serialVersionUID = 1L;

    public OriginAssertionException(String code, String message) {
        super(code, null, message);
    }
}
