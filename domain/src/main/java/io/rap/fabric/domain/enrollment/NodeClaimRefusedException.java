package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.shared.DomainException;

/**
 * A node claim in an enrollment that does not prove the node ({@code invalid_node_claim}); the
 * enrollment is refused as a whole. {@link #reason()} names the failed check for the audit log.
 */
public class NodeClaimRefusedException extends DomainException {

    public static final String CODE = "invalid_node_claim";

    private final String reason;

    public NodeClaimRefusedException(String reason, String message) {
        super(CODE, message);
        this.reason = reason;
    }

    /** {@code node_unknown}, {@code no_usable_identity}, or the code of the failed proof check. */
    public String reason() {
        return reason;
    }
}
