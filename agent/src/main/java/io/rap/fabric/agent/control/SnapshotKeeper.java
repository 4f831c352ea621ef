package io.rap.fabric.agent.control;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.SnapshotFile;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.ProtocolException;
import io.rap.fabric.protocol.SignedSnapshot;
import io.rap.fabric.protocol.Snapshot;
import io.rap.fabric.protocol.SnapshotException;
import io.rap.fabric.protocol.SnapshotSigning;
import io.rap.fabric.protocol.SnapshotTrust;
import io.rap.fabric.protocol.VerifiedSnapshot;

import java.security.KeyPair;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps the node's signed snapshot: fetches it, accepts it only when it verifies against the
 * cluster CA this node enrolled with (signed by the cluster's configuration signer, for this
 * cluster and node, unexpired, not older than the one applied), stores it, and hands it on.
 * Anything else is refused and the last good snapshot stays in force, also across restarts
 * and while the control plane is away.
 */
public final class SnapshotKeeper {

    private final SnapshotFile file;
    private final Clock clock;
    private final Log log;
    private final Consumer<Snapshot> onApplied;
    private VerifiedSnapshot applied;
    /** Why the last fetched snapshot was refused; cleared by the next one that verifies. */
    private String refusal;

    public SnapshotKeeper(SnapshotFile file, Clock clock, Log log, Consumer<Snapshot> onApplied) {
        this.file = file;
        this.clock = clock;
        this.log = log;
        this.onApplied = onApplied;
    }

    /**
     * Applies the stored snapshot, verified again (its expiry aside: an expired one is still the
     * best this node knows while the control plane is away, and is logged as stale).
     *
     * @throws StateException when the stored file is unreadable or no longer verifies
     */
    public Optional<Snapshot> loadStored(AgentState state) {
        Optional<SignedSnapshot> stored = file.load();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            applied = SnapshotSigning.verifyStored(stored.get(), trust(state));
        } catch (SnapshotException e) {
            throw new StateException(file.path(), "the stored snapshot does not verify (" + e.code() + ": "
                    + e.getMessage() + "); it was left untouched: move it away and the agent fetches a new one", e);
        }
        Snapshot snapshot = applied.snapshot();
        if (!clock.instant().isBefore(snapshot.expiresAt())) {
            log.warn("the stored snapshot " + snapshot.version() + " expired at " + snapshot.expiresAt()
                    + "; using it until the control plane sends a newer one");
        }
        onApplied.accept(snapshot);
        return Optional.of(snapshot);
    }

    /** Fetches and applies the current snapshot; any failure keeps the applied one and is logged. */
    public void refresh(NodeApiClient client, AgentState state, KeyPair key) {
        SignedSnapshot fetched;
        try {
            fetched = client.snapshot(state.nodeId(), state.clusterId(), key);
        } catch (ControlPlaneUnreachableException | ControlPlaneException e) {
            log.warn("cannot fetch the snapshot: " + e.getMessage() + "; " + keeping());
            return;
        } catch (SnapshotException e) {
            refused(e);
            return;
        }
        VerifiedSnapshot verified;
        try {
            verified = SnapshotSigning.verify(fetched, trust(state), clock.instant(), applied);
        } catch (SnapshotException e) {
            refused(e);
            return;
        }
        refusal = null;
        if (applied != null && verified.payloadSha256().equals(applied.payloadSha256())) {
            return; // the same signed bytes as before
        }
        try {
            file.save(fetched);
        } catch (StateException e) {
            log.error(e.getMessage() + "; applying snapshot " + verified.snapshot().version() + " anyway");
        }
        applied = verified;
        Snapshot snapshot = verified.snapshot();
        log.info("snapshot " + snapshot.version() + " applied: " + snapshot.roles().size() + " role(s), "
                + (snapshot.peers() == null ? "no peer list" : snapshot.peers().size() + " peer(s)") + ", "
                + snapshot.revokedSerials().size() + " revoked serial(s), valid until " + snapshot.expiresAt());
        onApplied.accept(snapshot);
    }

    private void refused(SnapshotException e) {
        refusal = e.code() + ": " + e.getMessage();
        log.error("snapshot refused (" + e.code() + "): " + e.getMessage() + "; " + keeping());
    }

    /** Why the last fetched snapshot was refused, if it was (the local health shows it). */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    public Optional<Snapshot> applied() {
        return Optional.ofNullable(applied).map(VerifiedSnapshot::snapshot);
    }

    private String keeping() {
        return applied == null ? "no snapshot applied yet" : "keeping snapshot " + applied.snapshot().version();
    }

    private static SnapshotTrust trust(AgentState state) {
        try {
            // The CA this membership enrolled with is the only root a snapshot can chain to.
            return new SnapshotTrust(Pem.parseCertificates(state.caCertificatePem()).get(0), state.clusterId(),
                    state.nodeId());
        } catch (ProtocolException | NullPointerException | IndexOutOfBoundsException e) {
            throw new SnapshotException(SnapshotException.UNTRUSTED_SIGNER,
                    "no usable cluster CA certificate is stored for this node");
        }
    }
}
