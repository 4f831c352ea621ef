package io.rap.fabric.agent.facts;

import java.nio.file.Files;
import java.nio.file.Path;

/** What this host can do, asked of the running system; replaced in tests. */
public interface HostProbe {

    /** True when the TUN device a VPN workload needs exists. */
    boolean hasTunDevice();

    /** Looks at the real host. */
    static HostProbe system() {
        return () -> Files.exists(Path.of("/dev/net/tun"));
    }
}
