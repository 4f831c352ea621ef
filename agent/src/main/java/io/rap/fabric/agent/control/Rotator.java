package io.rap.fabric.agent.control;

import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.CertificateIssued;
import io.rap.fabric.protocol.CertificateRenewal;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.ProtocolException;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Certificate rotation: a new key, a certificate for it from the control plane (asked for with a
 * proof by the current key), then the switch. The steps are ordered so that a crash at any point
 * leaves a usable identity:
 * <ol>
 *   <li>{@code node.key.next} is written before anything is sent, so a repeated attempt asks for
 *       the same key and the control plane hands back the certificate it already issued;</li>
 *   <li>the new certificate is saved in {@code state.json};</li>
 *   <li>{@code node.key.next} is renamed over {@code node.key}.</li>
 * </ol>
 * Between 2 and 3 the old key still authenticates (the control plane keeps the previous
 * certificate valid until it expires) and {@link #recover} finishes the switch.
 */
public final class Rotator {

    /** Rotation is due once this share of the certificate's lifetime has passed. */
    public static final double DUE_FRACTION = 2.0 / 3.0;

    /** The state and key to continue with. */
    public record Outcome(AgentState state, KeyPair key) {
    }

    private final StateDir stateDir;
    private final Function<ServerUrl, NodeApiClient> clients;
    private final Clock clock;
    private final Log log;

    public Rotator(StateDir stateDir, Function<ServerUrl, NodeApiClient> clients, Clock clock, Log log) {
        this.stateDir = stateDir;
        this.clients = clients;
        this.clock = clock;
        this.log = log;
    }

    /** When the certificate in {@code state} is due for rotation: two thirds into its validity. */
    public Instant dueAt(AgentState state) {
        X509Certificate certificate = certificate(state);
        Instant notBefore = certificate.getNotBefore().toInstant();
        Duration lifetime = Duration.between(notBefore, certificate.getNotAfter().toInstant());
        return notBefore.plusMillis((long) (lifetime.toMillis() * DUE_FRACTION));
    }

    /** Due by age, or a rotation a crash interrupted is waiting to be finished. */
    public boolean isDue(AgentState state) {
        return !clock.instant().isBefore(dueAt(state)) || stateDir.loadNextKey().isPresent();
    }

    /**
     * Finishes a rotation that a crash interrupted after the new certificate was saved: the
     * certificate in the state is for {@code node.key.next}, so that key becomes the node key.
     */
    public Optional<KeyPair> recover(AgentState state) {
        Optional<KeyPair> next = stateDir.loadNextKey();
        if (next.isEmpty() || !isFor(certificate(state), next.get())) {
            return Optional.empty();
        }
        stateDir.promoteNextKey();
        log.info("finished the interrupted rotation to certificate serial " + state.certificateSerial());
        return next;
    }

    /**
     * Rotates now.
     *
     * @throws ControlPlaneException            the control plane refused (the node keeps its identity)
     * @throws ControlPlaneUnreachableException no answer (the next attempt asks for the same key)
     * @throws UntrustedAnswerException         the answer is not a certificate for the new key by the cluster CA
     */
    public Outcome rotate(AgentState state) {
        KeyPair current = stateDir.loadKey().orElseThrow(() -> new StateException(stateDir.file(StateDir.KEY_FILE),
                "the node key is missing; this node cannot prove its identity"));
        Optional<KeyPair> recovered = recover(state);
        if (recovered.isPresent()) {
            return new Outcome(state, recovered.get());
        }
        KeyPair next = stateDir.loadOrCreateNextKey();
        String name = state.nodeName() == null ? "node" : state.nodeName();
        CertificateIssued issued;
        try {
            issued = clients.apply(ServerUrl.parse(state.server(), true)).renewCertificate(state.nodeId(),
                    new CertificateRenewal(state.clusterId(), Csr.create(next, name)), current);
        } catch (ControlPlaneException e) {
            if (refusesTheKey(e)) {
                // Asking again for this key cannot succeed: the next attempt starts with a fresh one.
                stateDir.discardNextKey();
            }
            throw e;
        }
        X509Certificate certificate = IssuedCertificates.checked(issued.certificatePem(), state.caCertificatePem(),
                next, "the rotation answer");
        String serial = certificate.getSerialNumber().toString(16);
        if (!serial.equals(issued.serial())) {
            throw new UntrustedAnswerException("the rotation answer names serial " + issued.serial()
                    + " but carries a certificate with serial " + serial + "; refusing it");
        }
        AgentState rotated = state.rotated(issued.certificatePem(), serial, certificate.getNotAfter().toInstant());
        stateDir.save(rotated);
        stateDir.promoteNextKey();
        log.info("certificate rotated: serial " + state.certificateSerial() + " -> " + serial + ", valid until "
                + rotated.certificateNotAfter() + " (key " + Keys.thumbprint(next.getPublic()) + ")");
        return new Outcome(rotated, next);
    }

    private static boolean refusesTheKey(ControlPlaneException e) {
        String code = e.problem().code();
        return e.status() == 400 || "key_reused".equals(code);
    }

    private static boolean isFor(X509Certificate certificate, KeyPair key) {
        return Keys.thumbprint(certificate.getPublicKey()).equals(Keys.thumbprint(key.getPublic()));
    }

    private X509Certificate certificate(AgentState state) {
        try {
            return Pem.parseCertificate(state.certificatePem());
        } catch (ProtocolException e) {
            throw new StateException(stateDir.file(StateDir.STATE_FILE), "the node certificate is unusable: "
                    + e.getMessage(), e);
        }
    }
}
