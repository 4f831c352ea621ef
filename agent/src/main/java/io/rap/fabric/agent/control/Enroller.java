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
import io.rap.fabric.protocol.ProtocolException;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Joining a cluster: submit the join request, then poll until it is decided. */
public final class Enroller {

    /** What the operator asked for on {@code enroll}. */
    public record Request(ServerUrl server, String joinToken, String nodeName, List<String> roles,
                          List<String> capabilities) {
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
        KeyPair key = stateDir.loadOrCreateKey();
        EnrollmentRequest enrollment = new EnrollmentRequest(request.joinToken(), Csr.create(key, request.nodeName()),
                request.nodeName(), facts.collect(), request.capabilities(), request.roles(), AgentVersion.get());
        EnrollmentAccepted accepted = clients.apply(request.server()).submitEnrollment(enrollment);
        AgentState pending = state.pending(server, request.nodeName(), accepted.requestId());
        stateDir.save(pending);
        log.info("enrollment request " + accepted.requestId() + " submitted to " + server + " for node '"
                + request.nodeName() + "' (key " + Keys.thumbprint(key.getPublic()) + ")");
        return pending;
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
