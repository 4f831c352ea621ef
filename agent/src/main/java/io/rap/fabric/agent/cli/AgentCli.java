package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentVersion;
import io.rap.fabric.agent.config.ConfigException;
import io.rap.fabric.agent.control.ControlPlaneException;
import io.rap.fabric.agent.control.ControlPlaneUnreachableException;
import io.rap.fabric.agent.control.EnrollmentRefusedException;
import io.rap.fabric.agent.control.NotEnrolledException;
import io.rap.fabric.agent.control.UntrustedAnswerException;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.ProtocolException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code rap-node-agent}: the native node agent's command line. */
@Command(name = "rap-node-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentCli.Version.class,
        description = "Enrolls this host as a node of a RAP Secure Access Fabric cluster and keeps it in contact"
                + " with the control plane.",
        subcommands = {EnrollCommand.class, RunCommand.class, StatusCommand.class, RotateCommand.class, LeaveCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  failure", "  2  usage or configuration error",
                "  3  not enrolled, or the enrollment was rejected or expired", "  4  control plane unreachable"})
public final class AgentCli implements Runnable {

    /** Maps protocol field names to the options they come from, for error messages. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.of(
            "nodeName", "--name", "requestedRoles", "--role", "capabilities", "--capability", "joinToken", "--token");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /** Runs one command with the given output streams and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new AgentCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            int code = exitCode(e);
            cmd.getErr().println("rap-node-agent: " + message(e));
            cmd.getErr().flush();
            return code;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: enroll, run, status or rotate");
    }

    static int exitCode(Exception e) {
        if (e instanceof ControlPlaneUnreachableException) {
            return ExitCodes.UNREACHABLE;
        }
        if (e instanceof NotEnrolledException || e instanceof EnrollmentRefusedException) {
            return ExitCodes.NOT_ENROLLED;
        }
        if (e instanceof ProtocolException || e instanceof ConfigException) {
            return ExitCodes.USAGE; // our own request broke the contract: an option value was refused
        }
        return ExitCodes.FAILURE;
    }

    private static String message(Exception e) {
        if (e instanceof ProtocolException p) {
            String option = p.field() == null ? null : OPTION_OF_FIELD.get(p.field());
            return option == null ? "invalid input: " + p.getMessage() : option + ": " + p.getMessage();
        }
        if (e instanceof StateException || e instanceof ControlPlaneException || e instanceof ControlPlaneUnreachableException
                || e instanceof NotEnrolledException || e instanceof EnrollmentRefusedException
                || e instanceof UntrustedAnswerException || e instanceof IllegalStateException
                || e instanceof ConfigException) {
            return e.getMessage();
        }
        return "unexpected error: " + e;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"rap-node-agent " + AgentVersion.get()};
        }
    }
}
