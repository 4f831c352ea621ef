package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.config.ConfigLoader;
import io.rap.fabric.agent.state.StateDir;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --config} and {@code --state-dir}, shared by every command. */
public final class StateDirOption {

    @Option(names = "--config", paramLabel = "<file>",
            description = "Configuration file (default: /etc/rap-node-agent/agent.conf, used only if it exists)."
                    + " RAP_AGENT_<KEY> environment variables override it; options override both.")
    Path configFile;

    @Option(names = "--state-dir", paramLabel = "<dir>",
            description = "Node-local state directory (default: state-dir from the configuration, else"
                    + " /var/lib/rap-node-agent).")
    Path stateDir;

    private AgentConfig config;

    /** The configuration file and environment, read once. */
    AgentConfig config() {
        if (config == null) {
            config = configFile == null
                    ? ConfigLoader.load(AgentConfig.DEFAULT_FILE, false, System.getenv())
                    : ConfigLoader.load(configFile, true, System.getenv());
        }
        return config;
    }

    StateDir open() {
        return new StateDir(stateDir != null ? stateDir : config().stateDir());
    }
}
