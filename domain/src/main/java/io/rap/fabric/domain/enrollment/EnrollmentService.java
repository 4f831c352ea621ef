package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.cluster.Cluster;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.node.DesiredStateVersions;
import io.rap.fabric.domain.node.Node;
import io.rap.fabric.domain.node.NodeCapability;
import io.rap.fabric.domain.node.ProofVerifier;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.role.RoleAssignment;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.domain.trust.CertificateAuthorityService;
import io.rap.fabric.domain.trust.IssuedCertificate;
import io.rap.fabric.domain.trust.NodeIdentity;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.ProtocolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The node trust flow (DESIGN.md §6): token-checked submission, proof-checked polling, and a
 * person's approval (with step-up) or rejection.
 */
@ApplicationScoped
@Transactional
public class EnrollmentService {

    private static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    ClusterService clusters;

    @Inject
    CertificateAuthorityService certificateAuthorities;

    @Inject
    ProofVerifier proofs;

    @Inject
    JoinRequestExpiry expiry;

    @Inject
    RefusalAudit refusals;

    @Inject
    JoinRequestReviewer reviewer;

    @Inject
    NodeClaims nodeClaims;

    @Inject
    DesiredStateVersions desiredStateVersions;

    @Inject
    Clock clock;

    /**
     * Called with a join token, not a person: the token is the authorization. Every refusal
     * (unknown, expired, revoked or used-up token, unknown or not allowed role, malformed CSR or
     * other bad input) is audited as {@code join_request.refused} with its code, the token id and
     * key thumbprint when known, and the source address; never the raw token. A submission with a
     * node claim must prove it ({@link NodeClaims}): a claim that proves nothing is refused with
     * {@code invalid_node_claim}, a node that is already a member of the token's cluster with
     * {@code already_member}; both audited the same way.
     */
    public EnrollmentOutcome submit(EnrollmentSubmission input) {
        JoinToken[] token = {null};
        try {
            return accept(input, token);
        } catch (DomainException refusal) {
            // Safe: accept() records its own audit event only as its very last step.
            refusals.recordAgent(refusedSubmission(input, token[0], refusal), input.sourceAddress() != null
                    ? input.sourceAddress() : "token:" + (token[0] == null ? "unknown" : token[0].id()));
            throw refusal;
        }
    }

    private EnrollmentOutcome accept(EnrollmentSubmission input, JoinToken[] found) {
        if (!JoinTokens.looksValid(input.rawToken())) {
            throw new EnrollmentRefusedException("token_invalid", "The join token is not valid");
        }
        byte[] hash = JoinTokens.hash(input.rawToken());
        JoinToken token = em.createQuery("select t from JoinToken t where t.tokenHash = :h", JoinToken.class)
                .setParameter("h", hash).getResultStream()
                .filter(t -> MessageDigest.isEqual(t.tokenHash(), hash))
                .findFirst()
                .orElseThrow(() -> new EnrollmentRefusedException("token_invalid", "The join token is not valid"));
        found[0] = token;

        io.rap.fabric.protocol.ParsedCsr csr;
        try {
            csr = Csr.parseAndVerify(input.csrPem());
        } catch (ProtocolException e) {
            throw new ValidationException("csr", e.getMessage());
        }
        String thumbprint = Keys.thumbprint(csr.publicKey());
        String nodeName = Inputs.required("nodeName", input.nodeName(), 120);
        List<String> capabilities = capabilities(input.capabilities());
        List<String> roles = JoinTokenService.roles(input.requestedRoles());
        List<String> unknown = JoinTokenService.unknownRoles(roles);
        if (!unknown.isEmpty()) {
            throw new EnrollmentRefusedException("role_unknown", "No such role: " + String.join(", ", unknown)
                    + " (known roles: " + JoinTokenService.knownRoles() + ")");
        }
        List<String> allowed = JsonText.toStrings(token.allowedRolesJson());
        if (!allowed.isEmpty() && !new HashSet<>(allowed).containsAll(roles)) {
            throw new EnrollmentRefusedException("role_not_allowed",
                    "The join token does not allow the roles " + roles + " (allowed: " + allowed + ")");
        }

        UUID claimedNodeId = input.claim() == null ? null : nodeClaims.verify(input.claim(), thumbprint,
                input.rawToken(), token.clusterId(), input.sourceAddress());

        // An agent re-running enroll after a crash presents the same key: hand back its request.
        Optional<JoinRequest> existing = em.createQuery("select r from JoinRequest r where r.keyThumbprint = :k"
                        + " and r.clusterId = :c and r.status = 'pending'", JoinRequest.class)
                .setParameter("k", thumbprint).setParameter("c", token.clusterId()).getResultStream().findFirst();
        Instant now = clock.instant();
        if (existing.isPresent() && existing.get().joinTokenId().equals(token.id()) && token.revokedAt() == null
                && now.isBefore(token.expiresAt()) && Objects.equals(existing.get().claimedNodeId(), claimedNodeId)) {
            return outcome(existing.get(), null, null);
        }
        consumeOneUse(token, now);

        JoinRequest request = new JoinRequest(token.clusterId(), token.id(), nodeName,
                input.facts().hostFingerprint(), Pem.encodePublicKey(csr.publicKey()), thumbprint, input.csrPem(),
                input.facts().json(), JsonText.ofStrings(capabilities), JsonText.ofStrings(roles),
                Inputs.optional("agentVersion", input.agentVersion(), 64), input.sourceAddress(), claimedNodeId, now);
        em.persist(request);
        audit.record(AuditEntry.byNode("agent:" + thumbprint, "join_request.received").cluster(token.clusterId())
                .target("join_request", request.id()).detail("nodeName", nodeName)
                .detail("hostFingerprint", request.hostFingerprint()).detail("keyThumbprint", thumbprint)
                .detail("joinToken", token.id()).detail("sourceAddress", input.sourceAddress())
                .detail("claimedNode", claimedNodeId).build());
        return outcome(request, null, null);
    }

    private static AuditEntry refusedSubmission(EnrollmentSubmission input, JoinToken token, DomainException refusal) {
        String thumbprint = thumbprintOrNull(input.csrPem());
        AuditEntry.Builder entry = AuditEntry.byNode("agent:" + (thumbprint == null ? "unverified" : thumbprint),
                        "join_request.refused").cluster(token == null ? null : token.clusterId())
                .target("join_token", token == null ? null : token.id()).detail("code", refusal.code())
                .detail("keyThumbprint", thumbprint).detail("sourceAddress", input.sourceAddress())
                .detail("nodeName", input.nodeName())
                .detail("requestedRoles", input.requestedRoles() == null ? null : String.join(",", input.requestedRoles()));
        if (refusal instanceof ValidationException invalid) {
            entry.detail("field", invalid.field());
        }
        if (input.claim() != null) {
            entry.detail("claimedNode", input.claim().nodeId());
        }
        if (refusal instanceof NodeClaimRefusedException claim) {
            entry.detail("reason", claim.reason());
        }
        return entry.build();
    }

    /** The CSR's key, if the CSR is well-formed and self-signed; for the audit of a refusal only. */
    private static String thumbprintOrNull(String csrPem) {
        try {
            return csrPem == null ? null : Keys.thumbprint(Csr.parseAndVerify(csrPem).publicKey());
        } catch (RuntimeException e) { // ProtocolException and anything a hostile CSR provokes
            return null;
        }
    }

    /** Polled by the agent with a proof made by the key of its CSR. */
    public EnrollmentOutcome status(UUID requestId, SignedRequest request) {
        JoinRequest joinRequest = Optional.ofNullable(requestId == null ? null : em.find(JoinRequest.class, requestId))
                .orElseThrow(() -> new NotFoundException("Join request"));
        proofs.verify(request, joinRequest.keyThumbprint());
        expiry.expireHeld(joinRequest, clock.instant());
        if (!JoinRequest.APPROVED.equals(joinRequest.status())) {
            return outcome(joinRequest, null, null);
        }
        NodeIdentity identity = em.createQuery("select i from NodeIdentity i where i.nodeId = :n and i.clusterId = :c"
                        + " and i.keyThumbprint = :k order by i.createdAt desc", NodeIdentity.class)
                .setParameter("n", joinRequest.approvedNodeId()).setParameter("c", joinRequest.clusterId())
                .setParameter("k", joinRequest.keyThumbprint()).setMaxResults(1).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Node identity"));
        return outcome(joinRequest, identity,
                certificateAuthorities.activeCa(joinRequest.clusterId()).certificatePem());
    }

    /**
     * One cluster's requests (its admin or the owner), or every cluster's when {@code clusterId} is
     * null (owner); {@code status} narrows to one status (blank: any, unknown: {@code invalid_input}).
     */
    public Page<JoinRequestView> list(Caller caller, UUID clusterId, String rawStatus, PageRequest page) {
        access.requireClusterScope(caller, clusterId);
        String status = JoinRequestView.statusFilter(rawStatus);
        expiry.sweep(); // so the page never offers a request that can no longer be approved
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (clusterId != null) {
            where.append(" and r.clusterId = :cluster");
        }
        if (status != null) {
            where.append(" and r.status = :status");
        }
        var query = em.createQuery("select r, c from JoinRequest r join Cluster c on c.id = r.clusterId" + where
                + " order by r.createdAt desc, r.id", Object[].class);
        var count = em.createQuery("select count(r) from JoinRequest r" + where, Long.class);
        if (clusterId != null) {
            query.setParameter("cluster", clusterId);
            count.setParameter("cluster", clusterId);
        }
        if (status != null) {
            query.setParameter("status", status);
            count.setParameter("status", status);
        }
        List<Object[]> rows = query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
        Map<UUID, JoinRequestReview> reviews = reviewer.review(rows.stream().map(row -> (JoinRequest) row[0]).toList());
        // A cluster admin learns nothing about other clusters, not even through a node they share.
        boolean owner = caller.isPlatformOwner();
        List<JoinRequestView> items = rows.stream().map(row -> {
            JoinRequest r = (JoinRequest) row[0];
            JoinRequestReview review = reviews.get(r.id());
            return view(r, (Cluster) row[1], owner || review == null ? review : review.seenFromCluster(r.clusterId()));
        }).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    /**
     * High-risk: the cluster CA signs the request's CSR and the node becomes a member. Needs the
     * platform owner with a fresh step-up and a healthy cluster authority.
     */
    public JoinRequestView approve(Caller caller, UUID requestId) {
        requireOwnerWithStepUp(caller, "join_request.approval_refused", requestId);
        return approveAuthorized(caller, requestId);
    }

    /**
     * The same approval from the cluster portal: the cluster's admin with a fresh step-up (admin
     * grants carry no per-action flags, so every cluster-admin grant includes approving joins of
     * that cluster). A request of another cluster is "not found".
     */
    public JoinRequestView approve(Caller caller, UUID clusterId, UUID requestId) {
        requireClusterAdminWithStepUp(caller, "join_request.approval_refused", clusterId, requestId);
        requireInCluster(clusterId, requestId);
        return approveAuthorized(caller, requestId);
    }

    /** At most this many requests in one bulk approval: one transaction, one hold of the audit chain head. */
    public static final int MAX_BULK_APPROVALS = 200;

    /**
     * High-risk: approves several pending requests at once, all or none — for an operator who has
     * reviewed a batch of freshly installed hosts. Each request gets exactly what a single
     * approval gives it (own node, certificate, audit events); they share one transaction and one
     * append to the audit chain, which is what makes a batch cheaper than the same approvals one
     * by one. Requests are locked in id order, so two overlapping bulk approvals cannot deadlock:
     * the second finds the shared requests decided and changes nothing.
     */
    public List<JoinRequestView> approveAll(Caller caller, List<UUID> requestIds) {
        requireOwnerWithStepUp(caller, "join_request.approval_refused", null);
        return approveAllAuthorized(caller, requestIds);
    }

    /** The same bulk approval from the cluster portal: every request must belong to that cluster. */
    public List<JoinRequestView> approveAll(Caller caller, UUID clusterId, List<UUID> requestIds) {
        requireClusterAdminWithStepUp(caller, "join_request.approval_refused", clusterId, null);
        for (UUID requestId : distinctIds(requestIds)) {
            requireInCluster(clusterId, requestId);
        }
        return approveAllAuthorized(caller, requestIds);
    }

    private JoinRequestView approveAuthorized(Caller caller, UUID requestId) {
        if (requestId == null) {
            throw new NotFoundException("Join request");
        }
        return approveAllAuthorized(caller, List.of(requestId)).get(0);
    }

    private List<JoinRequestView> approveAllAuthorized(Caller caller, List<UUID> requestIds) {
        List<UUID> ids = distinctIds(requestIds);
        for (UUID id : ids) {
            if (expiry.isStale(id)) {
                expiry.expireIfStale(id);
            }
        }
        List<JoinRequest> requests = ids.stream().sorted().map(this::lockPending).toList();
        // Every lookup before the first insert (see CertificateAuthorityService.issuerFor).
        Map<UUID, CertificateAuthorityService.NodeCertificateIssuer> issuers = new HashMap<>();
        for (JoinRequest request : requests) {
            issuers.computeIfAbsent(request.clusterId(), clusterId -> {
                clusters.requireHealthyAuthority(caller, clusterId, "join_request.approval_refused", "join_request",
                        requests.size() == 1 ? request.id() : null);
                return certificateAuthorities.issuerFor(clusterId);
            });
        }
        Instant now = clock.instant();
        List<AuditEntry> events = new ArrayList<>(2 * requests.size());
        for (JoinRequest request : requests) {
            events.addAll(admit(caller, request, issuers.get(request.clusterId()), now));
        }
        Map<UUID, Cluster> byId = new HashMap<>();
        List<JoinRequestView> views = new ArrayList<>(requests.size());
        for (JoinRequest request : requests) {
            Cluster cluster = byId.computeIfAbsent(request.clusterId(), id -> em.find(Cluster.class, id));
            views.add(view(request, cluster, null)); // decided: no review to show
        }
        // Last, in one append: the chain head stays locked from here until the commit.
        audit.recordAll(events);
        return views;
    }

    /** The request's node, membership, capabilities and certificate; returns the events that record them. */
    private List<AuditEntry> admit(Caller caller, JoinRequest request,
                                   CertificateAuthorityService.NodeCertificateIssuer issuer, Instant now) {
        var facts = io.rap.fabric.protocol.HostFacts.fromJson(JsonText.object(request.reportedFacts()));
        var hostFacts = new io.rap.fabric.domain.node.HostFactsRecord(facts.hostname(), facts.os(), facts.kernel(),
                facts.arch(), facts.cpuCount(), facts.memoryBytes(), facts.addresses(), facts.hostFingerprint(),
                request.reportedFacts());
        Node node;
        int endedRoles = 0;
        List<String> capabilities = JsonText.toStrings(request.reportedCapabilities());
        if (request.claimedNodeId() == null) {
            node = new Node(UUID.randomUUID(), request.nodeName(), hostFacts, now);
            em.persist(node);
            em.persist(new ClusterMembership(request.clusterId(), node.id(), now));
            // a new node has no capabilities yet: no query (see CertificateAuthorityService.issuerFor)
            for (String capability : capabilities) {
                em.persist(new NodeCapability(node.id(), capability, now));
            }
        } else {
            node = lockClaimedNode(caller, request);
            node.updateFacts(hostFacts, now); // the same host, as a heartbeat of either membership would
            Optional<ClusterMembership> left = nodeClaims.membership(node.id(), request.clusterId());
            if (left.isPresent()) {
                left.get().rejoin(now);
                endedRoles = endRoleAssignments(node.id(), request.clusterId(), now);
            } else {
                em.persist(new ClusterMembership(request.clusterId(), node.id(), now));
            }
            addCapabilities(node.id(), capabilities, now);
        }
        PublicKey key = Pem.parsePublicKey(request.publicKeyPem());
        IssuedCertificate certificate = issuer.issue(node.id(), key, request.nodeName());
        certificateAuthorities.recordIdentity(node.id(), request.clusterId(), key, request.keyThumbprint(), certificate);
        request.approve(caller.username(), node.id(), now);
        AuditEntry.Builder approved = AuditEntry.byPerson(caller, "join_request.approved").cluster(request.clusterId())
                .node(node.id()).target("join_request", request.id()).detail("nodeName", request.nodeName())
                .detail("keyThumbprint", request.keyThumbprint()).detail("claimedNode", request.claimedNodeId());
        if (endedRoles > 0) {
            approved.detail("endedRoleAssignments", String.valueOf(endedRoles));
        }
        return List.of(approved.build(),
                AuditEntry.byPerson(caller, "node.certificate_issued").cluster(request.clusterId())
                        .node(node.id()).target("node", node.id()).detail("serial", certificate.serialHex())
                        .detail("notAfter", certificate.notAfter()).build());
    }

    private static List<UUID> distinctIds(List<UUID> requestIds) {
        if (requestIds == null || requestIds.isEmpty()) {
            throw new ValidationException("requests", "Select at least one join request");
        }
        if (requestIds.stream().anyMatch(Objects::isNull)) {
            throw new ValidationException("requests", "A join request id is missing");
        }
        List<UUID> ids = requestIds.stream().distinct().toList();
        if (ids.size() > MAX_BULK_APPROVALS) {
            throw new ValidationException("requests", "At most " + MAX_BULK_APPROVALS
                    + " join requests can be approved at once");
        }
        return ids;
    }

    /**
     * The existing node a claimed request joins, locked so that two requests of one node for one
     * cluster cannot both become memberships. It must still be able to vouch for itself and must
     * not have become a member meanwhile; either refusal leaves the request pending (the reviewer
     * rejects it) and is audited as {@code join_request.approval_refused}.
     */
    private Node lockClaimedNode(Caller caller, JoinRequest request) {
        Node node = em.find(Node.class, request.claimedNodeId(), LockModeType.PESSIMISTIC_WRITE);
        try {
            if (node == null) { // nodes are never deleted; kept so that a corrupt row cannot become a new node
                throw new ConflictException("claimed_node_not_trusted", "The claimed node no longer exists");
            }
            nodeClaims.requireStillTrusted(node.id());
            nodeClaims.requireNotMember(node.id(), request.clusterId());
        } catch (DomainException refusal) {
            refusals.record(caller, "join_request.approval_refused", request.clusterId(), "join_request", request.id(),
                    refusal);
            throw refusal;
        }
        return node;
    }

    /**
     * Capabilities are recorded per node (one host), as the union of what each membership's
     * enrollment reported: a second membership adds what it reports and never removes what an
     * earlier one did (the operator may enable different capabilities per agent configuration).
     */
    private void addCapabilities(UUID nodeId, List<String> reported, Instant now) {
        Set<String> known = new HashSet<>(em.createQuery("select c.capability from NodeCapability c"
                + " where c.nodeId = :n", String.class).setParameter("n", nodeId).getResultList());
        for (String capability : reported) {
            if (known.add(capability)) {
                em.persist(new NodeCapability(nodeId, capability, now));
            }
        }
    }

    /**
     * A node coming back to a cluster it left starts without roles: what it was allowed to run
     * before it left is no decision anyone made about the node that returns.
     */
    private int endRoleAssignments(UUID nodeId, UUID clusterId, Instant now) {
        int ended = em.createQuery("update RoleAssignment a set a.status = :disabled, a.updatedAt = :now,"
                        + " a.version = a.version + 1"
                        + " where a.clusterId = :c and a.nodeId = :n and a.status = :active")
                .setParameter("disabled", RoleAssignment.DISABLED).setParameter("now", now)
                .setParameter("c", clusterId).setParameter("n", nodeId).setParameter("active", RoleAssignment.ACTIVE)
                .executeUpdate();
        if (ended > 0) {
            desiredStateVersions.bump(clusterId, nodeId);
        }
        return ended;
    }

    /** High-risk, but allowed whatever the cluster's authority state: refusing a host never widens trust. */
    public JoinRequestView reject(Caller caller, UUID requestId, String reason) {
        requireOwnerWithStepUp(caller, "join_request.rejection_refused", requestId);
        return rejectAuthorized(caller, requestId, reason);
    }

    /** The same rejection from the cluster portal: the cluster's admin with a fresh step-up. */
    public JoinRequestView reject(Caller caller, UUID clusterId, UUID requestId, String reason) {
        requireClusterAdminWithStepUp(caller, "join_request.rejection_refused", clusterId, requestId);
        requireInCluster(clusterId, requestId);
        return rejectAuthorized(caller, requestId, reason);
    }

    private JoinRequestView rejectAuthorized(Caller caller, UUID requestId, String reason) {
        String why = Inputs.required("reason", reason, 500);
        if (expiry.isStale(requestId)) {
            expiry.expireIfStale(requestId);
        }
        JoinRequest request = lockPending(requestId);
        request.reject(caller.username(), why, clock.instant());
        audit.record(AuditEntry.byPerson(caller, "join_request.rejected").cluster(request.clusterId())
                .target("join_request", request.id()).detail("reason", why).build());
        return view(request, em.find(Cluster.class, request.clusterId()), null); // decided: no review to show
    }

    /** The authorization check, with the refused attempt audited (it outlives this transaction's rollback). */
    private void requireOwnerWithStepUp(Caller caller, String refusalEvent, UUID requestId) {
        try {
            access.requirePlatformOwnerWithStepUp(caller);
        } catch (DomainException refusal) {
            refusals.record(caller, refusalEvent, null, "join_request", requestId, refusal);
            throw refusal;
        }
    }

    private void requireClusterAdminWithStepUp(Caller caller, String refusalEvent, UUID clusterId, UUID requestId) {
        try {
            access.requireClusterAdminWithStepUp(caller, clusterId);
        } catch (DomainException refusal) {
            refusals.record(caller, refusalEvent, clusterId, "join_request", requestId, refusal);
            throw refusal;
        }
    }

    /** Scope and id together: another cluster's request looks exactly like a missing one. */
    private void requireInCluster(UUID clusterId, UUID requestId) {
        if (em.createQuery("select r.id from JoinRequest r where r.id = :id and r.clusterId = :c", UUID.class)
                .setParameter("id", requestId).setParameter("c", clusterId).getResultList().isEmpty()) {
            throw new NotFoundException("Join request");
        }
    }

    private JoinRequest lockPending(UUID requestId) {
        JoinRequest request = requestId == null ? null
                : em.find(JoinRequest.class, requestId, LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            throw new NotFoundException("Join request");
        }
        if (JoinRequest.EXPIRED.equals(request.status())) {
            throw new ConflictException("request_expired", "The join request expired before anyone decided on it:"
                    + " the node has to enroll again");
        }
        if (!request.isPending()) {
            throw new ConflictException("request_not_pending",
                    "The join request is already " + request.status() + " (by " + request.reviewedBy() + ")");
        }
        return request;
    }

    /** Exact under concurrency: the row only changes while a use is left, so two agents cannot share the last one. */
    private void consumeOneUse(JoinToken token, Instant now) {
        int updated = em.createQuery("update JoinToken t set t.usedCount = t.usedCount + 1, t.version = t.version + 1"
                        + " where t.id = :id and t.usedCount < t.maxUses and t.revokedAt is null and t.expiresAt > :now")
                .setParameter("id", token.id()).setParameter("now", now).executeUpdate();
        if (updated == 1) {
            return;
        }
        em.refresh(token);
        switch (token.statusAt(now)) {
            case "revoked" -> throw new EnrollmentRefusedException("token_revoked", "The join token was revoked");
            case "expired" -> throw new EnrollmentRefusedException("token_expired", "The join token has expired");
            default -> throw new EnrollmentRefusedException("token_exhausted", "The join token has no uses left");
        }
    }

    private static List<String> capabilities(List<String> reported) {
        if (reported == null) {
            return List.of();
        }
        List<String> caps = reported.stream().map(String::strip).distinct().sorted().toList();
        if (caps.size() > 64) {
            throw new ValidationException("capabilities", "At most 64 capabilities");
        }
        for (String cap : caps) {
            if (!CAPABILITY.matcher(cap).matches()) {
                throw new ValidationException("capabilities", "'" + cap + "' is not a capability name");
            }
        }
        return caps;
    }

    private static EnrollmentOutcome outcome(JoinRequest r, NodeIdentity identity, String caCertificatePem) {
        return new EnrollmentOutcome(r.id(), r.status(), r.rejectionReason(),
                identity == null ? null : r.approvedNodeId(), identity == null ? null : r.clusterId(),
                identity == null ? null : identity.certificatePem(),
                identity == null ? null : caCertificatePem);
    }

    private static JoinRequestView view(JoinRequest r, Cluster c, JoinRequestReview review) {
        var facts = JsonText.toMap(r.reportedFacts());
        return new JoinRequestView(r.id(), r.clusterId(), c == null ? null : c.name(), r.nodeName(),
                facts.get("hostname"), facts.get("os"), facts.get("arch"), r.hostFingerprint(), r.keyThumbprint(),
                JsonText.toStrings(r.reportedCapabilities()), JsonText.toStrings(r.requestedRoles()), facts,
                r.agentVersion(), r.sourceAddress(), r.status(), r.createdAt(), r.reviewedBy(), r.reviewedAt(),
                r.rejectionReason(), r.approvedNodeId(), r.version(), review);
    }
}
