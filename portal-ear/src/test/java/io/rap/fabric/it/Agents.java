package io.rap.fabric.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real rap-node-agent jar as a separate process, as an operator would. */
final class Agents {

    static final String JAR_PROPERTY = "rap.agent.jar";

    private Agents() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("agent", ".out");
        Path err = Files.createTempFile("agent", ".err");
        Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("agent " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Starts a long-running agent command; the caller destroys it. Output goes to a log file beside the state. */
    static Process start(String... args) throws IOException {
        Path log = Files.createTempFile("agent-run", ".log");
        return builder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static ProcessBuilder builder(String... args) {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "../agent/target/rap-node-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": build the agent module first");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
