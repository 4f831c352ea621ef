package io.rap.fabric.domain.enrollment;

import java.util.List;
import java.util.UUID;

/**
 * What the reviewer has to weigh before approving a join request, computed when the page asks
 * (the token may have been revoked since the submission, and other nodes may have enrolled).
 *
 * @param roles               each requested role against the role catalog, the token's allow-list
 *                            and the reported capabilities
 * @param missingCapabilities capabilities the requested roles need that the node did not report
 * @param tokenStatus         the join token's status now (active, expired, exhausted, revoked)
 * @param tokenAllowedRoles   the token's allow-list now; empty means any role of the catalog
 * @param keyEnrolledAs       node identities (any cluster) that already use this request's key
 * @param hostEnrolledAs      memberships of nodes that already report this request's host fingerprint
 *                            (at most {@value #MAX_MATCHES}; {@code hostMatches} counts them all), except
 *                            the node the request proved to be
 * @param claimedNode         the existing node the request proved to be (it joins as a further membership
 *                            of that node), or null when approval creates a new node
 */
public record JoinRequestReview(List<RoleCheck> roles, List<String> missingCapabilities, String tokenStatus,
                                List<String> tokenAllowedRoles, List<EnrolledNode> keyEnrolledAs,
                                List<EnrolledNode> hostEnrolledAs, int hostMatches, ClaimedNode claimedNode) {

    public static final int MAX_MATCHES = 10;

    public JoinRequestReview {
        roles = List.copyOf(roles);
        missingCapabilities = List.copyOf(missingCapabilities);
        tokenAllowedRoles = List.copyOf(tokenAllowedRoles);
        keyEnrolledAs = List.copyOf(keyEnrolledAs);
        hostEnrolledAs = List.copyOf(hostEnrolledAs);
    }

    /**
     * @param known              the role exists in the catalog
     * @param allowed            the token's allow-list (now) permits it
     * @param requiredCapability what the role needs the node to report (null for an unknown role)
     * @param capabilityReported the node reported that capability
     */
    public record RoleCheck(String role, boolean known, boolean allowed, String requiredCapability,
                            boolean capabilityReported) {
    }

    /**
     * The existing node a request joins. {@code memberships} are its memberships in other clusters
     * (empty when the reviewer may not see them: see {@link #seenFromCluster});
     * {@code memberOfOtherCluster} says whether there are any, for every reviewer.
     */
    public record ClaimedNode(UUID nodeId, String nodeName, List<EnrolledNode> memberships,
                              boolean memberOfOtherCluster) {
        public ClaimedNode {
            memberships = List.copyOf(memberships);
        }
    }

    /**
     * The review as the admin of {@code clusterId} may see it: nodes and memberships of other
     * clusters are left out, and the claimed node keeps only its name and the fact that it is a
     * member elsewhere. Another cluster's name or id must never reach a cluster admin, not even
     * through a node the two clusters share.
     */
    public JoinRequestReview seenFromCluster(UUID clusterId) {
        List<EnrolledNode> host = hostEnrolledAs.stream().filter(n -> clusterId.equals(n.clusterId())).toList();
        return new JoinRequestReview(roles, missingCapabilities, tokenStatus, tokenAllowedRoles,
                keyEnrolledAs.stream().filter(n -> clusterId.equals(n.clusterId())).toList(), host, host.size(),
                claimedNode == null ? null : new ClaimedNode(claimedNode.nodeId(), claimedNode.nodeName(), List.of(),
                        claimedNode.memberOfOtherCluster()));
    }

    /** A node that already holds the key or the host, and one cluster it is (or was) a member of. */
    public record EnrolledNode(UUID nodeId, String nodeName, UUID clusterId, String clusterName, String status) {
    }

    /** The key of this request already identifies an enrolled node: a copied key or a re-enrollment. */
    public boolean keyAlreadyEnrolled() {
        return !keyEnrolledAs.isEmpty();
    }

    /** Another node already reports this host: a clone, a reinstall, or a forged fingerprint. */
    public boolean hostAlreadyEnrolled() {
        return hostMatches > 0;
    }

    public boolean rolesOutsideAllowList() {
        return roles.stream().anyMatch(r -> !r.allowed() || !r.known());
    }

    /**
     * The owner revoked the token after the node used it, e.g. because it leaked. (Expired or used up
     * is normal after a submission and not flagged.)
     */
    public boolean tokenRevoked() {
        return "revoked".equals(tokenStatus);
    }

    /** The request proved to be an existing node: approval adds a membership to it. */
    public boolean joinsExistingNode() {
        return claimedNode != null;
    }

    /** Anything above that the page must put in front of the reviewer. */
    public boolean needsAttention() {
        return keyAlreadyEnrolled() || hostAlreadyEnrolled() || rolesOutsideAllowList()
                || !missingCapabilities.isEmpty() || tokenRevoked();
    }
}
