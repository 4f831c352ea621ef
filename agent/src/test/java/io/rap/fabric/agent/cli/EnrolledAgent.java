package io.rap.fabric.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.StateDir;
import java.nio.file.Path;
import java.security.KeyPair;

/** An agent enrolled against {@link FakeNodeApi} through the real CLI: its stored state and key. */
record EnrolledAgent(AgentState state, KeyPair key) {

    /** Runs {@code enroll} (approved at once) into {@code stateDir}; fails the test if it does not succeed. */
    static EnrolledAgent enroll(FakeNodeApi api, Path stateDir, String name) throws Exception {
        api.pendingPolls = 0;
        CliRun enroll = CliRun.of("enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", name,
                "--state-dir", stateDir.toString(), "--wait", "10s", "--poll-interval", "100ms");
        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
        StateDir dir = new StateDir(stateDir);
        return new EnrolledAgent(dir.load().orElseThrow(), dir.loadKey().orElseThrow());
    }
}
