package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentDefaults;
import io.rap.fabric.agent.state.StateDir;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --state-dir}, shared by every command. */
public final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "<dir>",
            description = "Node-local state directory (default: ${DEFAULT-VALUE}).")
    Path stateDir = AgentDefaults.STATE_DIR;

    StateDir open() {
        return new StateDir(stateDir);
    }
}
