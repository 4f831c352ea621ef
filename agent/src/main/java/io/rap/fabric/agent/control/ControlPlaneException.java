package io.rap.fabric.agent.control;

import io.rap.fabric.protocol.Problem;

/**
 * The control plane answered, but not with success: {@link #problem()} is its RFC 9457
 * problem document, or a stand-in of type {@code about:blank} when the body was none.
 */
public class ControlPlaneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Problem problem;

    public ControlPlaneException(String request, int status, Problem problem) {
        super(request + " failed: HTTP " + status + " " + problem.type()
                + (problem.detail() == null ? (problem.title() == null ? "" : ": " + problem.title())
                : ": " + problem.detail()));
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return problem;
    }

    /** Worth retrying later: the server or a proxy in front of it is failing or busy. */
    public boolean isTransient() {
        return status >= 500 || status == 429 || status == 408;
    }

    /** The control plane says this node's identity is revoked. */
    public boolean isRevocation() {
        return refusedFor("node_revoked", "certificate_revoked");
    }

    /** The control plane says this node's membership in the cluster is disabled or no longer active. */
    public boolean isMembershipWithdrawn() {
        return refusedFor("membership_disabled", "membership_inactive");
    }

    /**
     * The answer takes away the node's authorization to run anything in this cluster: a revocation or
     * a withdrawn membership, as opposed to a failing server or a proof problem.
     */
    public boolean withdrawsAuthorization() {
        return isRevocation() || isMembershipWithdrawn();
    }

    private boolean refusedFor(String... problems) {
        String type = problem.type();
        return (status == 401 || status == 403) && java.util.Arrays.stream(problems).anyMatch(type::endsWith);
    }
}
