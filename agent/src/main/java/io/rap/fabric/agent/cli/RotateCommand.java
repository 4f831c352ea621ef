package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.control.NotEnrolledException;
import io.rap.fabric.agent.control.Rotator;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {
                "Rotates the node certificate: generates a new key, asks the control plane for a certificate for it"
                        + " (proven with the current key) and switches to it.",
                "Without --force it rotates only once two thirds of the current certificate's lifetime have passed"
                        + " (run does this by itself) and otherwise says when it will be due.",
                "The previous certificate keeps working until it expires. Stop the service first: the state"
                        + " directory has one writer at a time. Prints the new certificate serial on stdout."})
final class RotateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOption state;

    @Option(names = "--force", description = "Rotate now, however young the current certificate is.")
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
                        + current.enrollment().wireName() + "); there is no certificate to rotate");
            }
            Rotator rotator = components.rotator();
            if (!force && !rotator.isDue(current)) {
                components.log.info("not rotating: certificate serial " + current.certificateSerial()
                        + " is valid until " + current.certificateNotAfter() + " and due for rotation at "
                        + rotator.dueAt(current) + " (two thirds of its lifetime); use --force to rotate now");
                return ExitCodes.OK;
            }
            Rotator.Outcome rotated = rotator.rotate(current);
            out.println(rotated.state().certificateSerial());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
