package io.rap.fabric.protocol;

/** A node proof that was refused; the server answers {@code 401}. */
public class ProofException extends ProtocolException {

    public static final String MALFORMED = "proof_malformed";
    public static final String BAD_SIGNATURE = "proof_bad_signature";
    public static final String WRONG_METHOD = "proof_wrong_method";
    public static final String WRONG_URI = "proof_wrong_uri";
    public static final String STALE = "proof_stale";
    public static final String BODY_MISMATCH = "proof_body_mismatch";
    public static final String UNSUPPORTED_ALG = "proof_unsupported_alg";

    private static final long serialVersionUID = 1L;

    public ProofException(String code, String message) {
        super(code, NodeProof.HEADER, message);
    }
}
