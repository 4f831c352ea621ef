package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.fabric.FabricIdentity;
import io.rap.fabric.agent.fabric.FabricLoop;
import io.rap.fabric.agent.fabric.FabricNode;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.SnapshotPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real fabric node on 127.0.0.1 with a certificate from the fake's CA, published by
 * {@link FakeNodeApi} as the agent's one relay peer, with the relay role and an echo workload
 * desired for the agent: a running agent then starts its mesh node and measures its link to this one.
 */
final class RelayPeer implements AutoCloseable {

    private final UUID id = UUID.randomUUID();
    private final FabricLoop loop = new FabricLoop();
    private final FabricNode node;

    private RelayPeer(FakeNodeApi api) throws Exception {
        try {
            KeyPair key = Keys.generateP256();
            FabricIdentity identity = new FabricIdentity(key.getPrivate(),
                    api.issueNodeCertificate(key.getPublic(), id), List.of(api.caCertificate()));
            node = FabricNode.start(loop.group(), identity, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    FabricNode.Options.defaults());
        } catch (Exception e) {
            loop.close();
            throw e;
        }
    }

    static RelayPeer start(FakeNodeApi api) throws Exception {
        RelayPeer peer = new RelayPeer(api);
        api.snapshotPeers = List.of(peer.snapshotPeer());
        api.desire(List.of(new RoleGrant("relay", null)), List.of(new DesiredWorkload("echo",
                DesiredWorkload.SYNTHETIC_ECHO, "relay", Map.of("port", "0"))));
        return peer;
    }

    UUID id() {
        return id;
    }

    /** How the snapshot lists this peer. */
    SnapshotPeer snapshotPeer() {
        return new SnapshotPeer(id, "peer-" + id.toString().substring(0, 8), List.of("127.0.0.1"),
                node.localAddress().getPort(), List.of("relay"));
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            loop.close();
        }
    }
}
