package io.rap.fabric.agent.control;

import io.rap.fabric.agent.config.AgentVersion;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.facts.HostFactsCollector;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.EnrollmentAccepted;
import io.rap.fabric.protocol.EnrollmentRequest;
import io.rap.fabric.protocol.EnrollmentStatus;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeApiPaths;
import io.rap.fabric.protocol.NodeClaim;
import io.rap.fabric.protocol.ProtocolException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Joining a cluster: submit the join request, then poll until it is decided. */
public final class Enroller {

    /**
     * What the operator asked for on {@code enroll}.
     *
     * @param sameNodeAs the state directory of an enrolled membership of this host whose node this
     *                   enrollment joins (a further cluster of the same node), or null for a new node
     */
    public record Request(ServerUrl server, String joinToken, String nodeName, List<String> roles,
                          List<String> capabilities, StateDir sameNodeAs) {

        public Request(ServerUrl server, String joinToken, String nodeName, List<String> roles,
                       List<String> capabilities) {
            this(server, joinToken, nodeName, roles, capabilities, null);
        }
    }

    private final StateDir stateDir;
    private final HostFactsCollector facts;
    private final Function<ServerUrl, NodeApiClient> clients;
    private final Backoff backoff;
    private final Clock clock;
    private final Log log;

    public Enroller(StateDir stateDir, HostFactsCollector facts, Function<ServerUrl, NodeApiClient> clients,
                    Backoff backoff, Clock clock, Log log) {
        this.stateDir = stateDir;
        this.facts = facts;
        this.clients = clients;
        this.backoff = backoff;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Submits a join request, unless one for the same server is already pending (a re-run
     * after a crash or a lost answer). The node key is created, or the existing one
     * reused, and stored before anything is sent.
     *
     * @return the saved pending state
     * @throws ProtocolException when the request would break the contract (e.g. node name)
     */
    public AgentState submit(Request request) {
        AgentState state = stateDir.loadOrEmpty();
        String server = request.server().toString();
        switch (state.enrollment()) {
            case APPROVED -> throw new IllegalStateException("this node is already enrolled as node " + state.nodeId()
                    + " with " + state.server() + "; to enroll it again, move " + stateDir.path() + " away first");
            case PENDING -> {
                if (state.server().equals(server)) {
                    log.info("enrollment request " + state.requestId() + " is already pending with " + server
                            + "; not submitting another");
                    return state;
                }
                throw new IllegalStateException("enrollment request " + state.requestId() + " is pending with "
                        + state.server() + ", not " + server + "; to enroll elsewhere, move " + stateDir.path()
                        + " away first");
            }
            default -> {
                // NONE or REJECTED: a new request.
            }
        }
        // Checked before a key is created: a refused --same-node-as leaves this directory as it was.
        Membership existing = request.sameNodeAs() == null ? null : existingMembership(request.sameNodeAs(),
                request.server());
        KeyPair key = stateDir.loadOrCreateKey();
        NodeClaim claim = existing == null ? null : NodeClaim.create(existing.key(), existing.state().nodeId(),
                NodeApiPaths.resolve(request.server().uri(), NodeApiPaths.ENROLLMENTS),
                Keys.thumbprint(key.getPublic()), request.joinToken(), clock.instant());
        EnrollmentRequest enrollment = new EnrollmentRequest(request.joinToken(), Csr.create(key, request.nodeName()),
                request.nodeName(), facts.collect(), request.capabilities(), request.roles(), AgentVersion.get(), claim);
        EnrollmentAccepted accepted = clients.apply(request.server()).submitEnrollment(enrollment);
        AgentState pending = state.pending(server, request.nodeName(), accepted.requestId());
        stateDir.save(pending);
        log.info("enrollment request " + accepted.requestId() + " submitted to " + server + " for node '"
                + request.nodeName() + "' (key " + Keys.thumbprint(key.getPublic()) + ")"
                + (existing == null ? "" : " as a further membership of node " + existing.state().nodeId()
                + " (the membership in " + request.sameNodeAs().path() + " vouches for it)"));
        return pending;
    }

    /** An enrolled membership of this host, read (never written) from another state directory. */
    private record Membership(AgentState state, KeyPair key) {
    }

    /**
     * The membership that vouches for this enrollment ({@code --same-node-as}): another state
     * directory, enrolled with the same control plane, whose certificate is still valid. Its agent
     * may be running: only its saved state and key are read, both written atomically.
     */
    private Membership existingMembership(StateDir other, ServerUrl server) {
        if (sameDirectory(other.path(), stateDir.path())) {
            throw new IllegalStateException("--same-node-as: " + other.path() + " is the state directory of this"
                    + " enrollment itself; name the state directory of the membership this host already has");
        }
        if (!Files.isDirectory(other.path())) {
            throw new IllegalStateException("--same-node-as: " + other.path() + " is not a directory");
        }
        AgentState state = other.loadOrEmpty();
        if (state.enrollment() != EnrollmentState.APPROVED) {
            throw new IllegalStateException("--same-node-as: " + other.path() + " holds no enrolled membership"
                    + " (enrollment " + state.enrollment().wireName() + "); only an approved membership can vouch"
                    + " for this host");
        }
        if (!ServerUrl.parse(state.server(), true).toString().equals(server.toString())) {
            throw new IllegalStateException("--same-node-as: the membership in " + other.path() + " is enrolled with "
                    + state.server() + ", not " + server + "; a node exists only within one control plane");
        }
        if (state.certificateNotAfter() != null && !clock.instant().isBefore(state.certificateNotAfter())) {
            throw new IllegalStateException("--same-node-as: the certificate of the membership in " + other.path()
                    + " expired at " + state.certificateNotAfter() + "; it cannot vouch for this host (start its"
                    + " agent with a valid certificate, or enroll this host as a new node)");
        }
        KeyPair key = other.loadKey().orElseThrow(() -> new StateException(other.file(StateDir.KEY_FILE),
                "--same-node-as: the membership's node key is missing"));
        return new Membership(state, key);
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return a.equals(b) || (Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls a pending request until it is decided, {@code deadline} passes ({@code null}:
     * never) or {@code stop} is signalled. Failures to reach the control plane are
     * retried with backoff.
     *
     * @return the state when the loop ended: approved, rejected, or still pending
     */
    public AgentState awaitDecision(AgentState state, Instant deadline, Duration pollInterval, StopSignal stop) {
        KeyPair key = nodeKey();
        NodeApiClient client = clients.apply(ServerUrl.parse(state.server(), true));
        AgentState current = state;
        while (current.enrollment() == EnrollmentState.PENDING && !stop.isStopped()) {
            Duration delay = pollInterval;
            try {
                current = apply(current, client.enrollmentStatus(current.requestId(), key), key);
                backoff.reset();
            } catch (ControlPlaneUnreachableException e) {
                delay = backoff.nextDelay();
                log.warn(e.getMessage() + "; retrying in " + seconds(delay));
            } catch (ControlPlaneException e) {
                if (e.status() == 404 || e.status() == 410) {
                    throw new EnrollmentRefusedException("the control plane does not know enrollment request "
                            + current.requestId() + " (" + e.getMessage() + "); enroll again with a new join token");
                }
                delay = backoff.nextDelay();
                log.warn(e.getMessage() + "; retrying in " + seconds(delay));
            }
            if (current.enrollment() != EnrollmentState.PENDING) {
                break;
            }
            if (deadline != null) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                delay = delay.compareTo(left) > 0 ? left : delay;
            }
            if (stop.sleep(delay)) {
                break;
            }
        }
        return current;
    }

    private AgentState apply(AgentState state, EnrollmentStatus status, KeyPair key) {
        if (!status.requestId().equals(state.requestId())) {
            throw new UntrustedAnswerException("the control plane answered for request " + status.requestId()
                    + " when asked about " + state.requestId());
        }
        if (status.isApproved()) {
            X509Certificate certificate = checkedCertificate(status, key);
            AgentState approved = state.approved(status.nodeId(), status.clusterId(), status.certificatePem(),
                    status.caCertificatePem(), certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            stateDir.save(approved);
            log.info("enrollment request " + state.requestId() + " approved: node " + status.nodeId() + " in cluster "
                    + status.clusterId() + ", certificate serial " + approved.certificateSerial() + " valid until "
                    + approved.certificateNotAfter());
            return approved;
        }
        if (status.isFinalRefusal()) {
            String reason = EnrollmentStatus.EXPIRED.equals(status.status())
                    ? "the request expired" + (status.reason() == null ? "" : ": " + status.reason())
                    : status.reason();
            AgentState rejected = state.rejected(reason);
            stateDir.save(rejected);
            log.error(describeRefusal(rejected));
            return rejected;
        }
        return state;
    }

    /** The node certificate must be for our key and issued by the CA handed over with it. */
    private static X509Certificate checkedCertificate(EnrollmentStatus status, KeyPair key) {
        return IssuedCertificates.checked(status.certificatePem(), status.caCertificatePem(), key,
                "the approved enrollment");
    }

    private KeyPair nodeKey() {
        return stateDir.loadKey().orElseThrow(() -> new StateException(stateDir.file(StateDir.KEY_FILE),
                "the node key is missing; the enrollment cannot continue without it"));
    }

    /** "enrollment request X was rejected[: reason]". */
    public static String describeRefusal(AgentState state) {
        return "enrollment request " + state.requestId() + " was rejected"
                + (state.rejectionReason() == null ? "" : ": " + state.rejectionReason());
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
