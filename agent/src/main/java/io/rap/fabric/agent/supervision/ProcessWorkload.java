package io.rap.fabric.agent.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code process} workload: one executable from the local allow-list, started directly
 * (no shell), with a minimal environment, in its own directory under the state directory,
 * its output appended to {@code output.log} there.
 */
final class ProcessWorkload implements Workload {

    static final String EXECUTABLE = "executable";
    static final String ARGUMENTS = "arguments";
    static final String LOG_FILE = "output.log";
    private static final long MAX_LOG_BYTES = 1024 * 1024;
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "LANG", "C.UTF-8");

    private final String name;
    private final List<String> command;
    private final Path directory;
    private Process process;

    private ProcessWorkload(String name, List<String> command, Path directory) {
        this.name = name;
        this.command = command;
        this.directory = directory;
    }

    /**
     * @throws RefusedWorkloadException when the executable is missing or not on the allow-list:
     *                                  the control plane cannot make this agent run anything else
     */
    static ProcessWorkload prepare(String name, Map<String, String> settings, List<Path> allowList, Path workloadsDir) {
        String executable = settings.get(EXECUTABLE);
        if (executable == null || executable.isBlank()) {
            throw new RefusedWorkloadException("setting '" + EXECUTABLE + "' is missing");
        }
        // Compared as written (the allow-list holds normalized absolute paths only).
        if (!executable.startsWith("/") || !allowList.contains(Path.of(executable))
                || !Path.of(executable).toString().equals(executable)) {
            throw new RefusedWorkloadException("executable not on the local allow-list: " + executable);
        }
        List<String> command = new ArrayList<>();
        command.add(executable);
        String arguments = settings.getOrDefault(ARGUMENTS, "").strip();
        if (!arguments.isEmpty()) {
            command.addAll(List.of(arguments.split("\\s+")));
        }
        return new ProcessWorkload(name, List.copyOf(command), workloadsDir.resolve(name));
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(directory);
            Path log = directory.resolve(LOG_FILE);
            if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
                Files.move(log, directory.resolve(LOG_FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().clear();
            builder.environment().putAll(ENVIRONMENT);
            builder.environment().put("HOME", directory.toString());
            builder.environment().put("RAP_WORKLOAD_NAME", name);
            process = builder.start();
        } catch (IOException e) {
            throw new WorkloadException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Health health() {
        if (process == null) {
            return Health.exited("not started");
        }
        if (process.isAlive()) {
            return Health.RUNNING;
        }
        int code = process.exitValue();
        return Health.exited(code > 128 ? "killed by signal " + (code - 128) : "exited with code " + code);
    }

    @Override
    public String describe() {
        return (process == null ? "" : "pid " + process.pid() + ": ") + String.join(" ", command);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    @Override
    public void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
