package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.control.ControlPlaneException;
import io.rap.fabric.agent.control.ControlPlaneUnreachableException;
import io.rap.fabric.agent.control.NodeApiClient;
import io.rap.fabric.agent.control.NotEnrolledException;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.StateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.KeyPair;
import java.util.concurrent.Callable;

@Command(name = "leave", mixinStandardHelpOptions = true,
        description = {
                "Leaves the cluster: tells the control plane (which ends the membership and revokes this node's"
                        + " certificates there at once), then removes the node key, the enrollment and everything"
                        + " derived from it from the state directory.",
                "If the control plane cannot be reached nothing is removed, unless --force is given; then ask the"
                        + " platform owner to revoke the node. Stop the service first: the state directory has one"
                        + " writer at a time."})
final class LeaveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOption state;

    @Option(names = "--force", description = "Remove the local identity even if the control plane cannot be told.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        StateDir stateDir = state.open();
        Components components = new Components(stateDir, state.config(), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        try (AutoCloseable lock = stateDir.lock()) {
            AgentState current = stateDir.loadOrEmpty();
            if (current.enrollment() != EnrollmentState.APPROVED) {
                throw new NotEnrolledException("this node is not enrolled (enrollment: "
                        + current.enrollment().wireName() + "); there is no membership to leave");
            }
            KeyPair key = stateDir.loadKey().orElseThrow(() -> new StateException(stateDir.file(StateDir.KEY_FILE),
                    "the node key is missing; the control plane cannot be told. Use --force to remove the rest"));
            NodeApiClient client = components.client(ServerUrl.parse(current.server(), true));
            try {
                client.leave(current.nodeId(), current.clusterId(), key);
                components.log.info("the control plane ended the membership of node " + current.nodeId()
                        + " in cluster " + current.clusterId() + " and revoked its certificates there");
            } catch (ControlPlaneUnreachableException | ControlPlaneException e) {
                if (!force) {
                    throw e;
                }
                components.log.warn("could not tell the control plane (" + e.getMessage() + "); removing the local"
                        + " identity anyway: ask the platform owner to revoke node " + current.nodeId());
            }
            stateDir.forgetMembership();
            out.println("left cluster " + current.clusterId());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
