package io.rap.fabric.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code agent.conf}: one {@code key = value} per line, {@code #} starts a comment
 * line, blank lines are ignored. Then each {@code RAP_AGENT_<KEY>} environment variable
 * (key upper-cased, {@code -} as {@code _}) replaces the file's value.
 *
 * <p>Keys: {@code server}, {@code state-dir}, {@code heartbeat-interval},
 * {@code capabilities} (comma or space separated), {@code allow-insecure-http}
 * ({@code true}/{@code false}), {@code fabric-port} (0 to 65535), {@code process-allow-list}
 * (absolute paths, comma or space separated), {@code link-report-interval} (at least 1 s),
 * {@code server-ca-file} (absolute path of a PEM file; read when a command talks to the server).
 * An unknown key is an error, so a typo is not silently ignored.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "RAP_AGENT_";
    static final List<String> KEYS = List.of("server", "state-dir", "heartbeat-interval", "capabilities",
            "allow-insecure-http", "fabric-port", "process-allow-list", "link-report-interval", "server-ca-file");

    /** Route health changes slowly; more often than this only loads the control plane. */
    static final Duration MIN_LINK_REPORT_INTERVAL = Duration.ofSeconds(1);

    private ConfigLoader() {
    }

    /**
     * @param file     the configuration file
     * @param required false for the default file: a missing one means defaults; true for
     *                 a file named with {@code --config}, which must exist
     * @param env      the process environment
     */
    public static AgentConfig load(Path file, boolean required, Map<String, String> env) {
        AgentConfig config = AgentConfig.defaults();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new ConfigException("configuration file " + file + " does not exist");
            }
            lines = List.of();
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!seen.add(key) && KEYS.contains(key)) {
                throw new ConfigException(where + ": " + key + " is set twice");
            }
            config = apply(config, key, line.substring(eq + 1).strip(), where);
        }
        for (String key : KEYS) {
            String variable = ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
            String value = env.get(variable);
            if (value != null) {
                config = apply(config, key, value.strip(), "environment variable " + variable);
            }
        }
        return config;
    }

    private static AgentConfig apply(AgentConfig c, String key, String value, String where) {
        try {
            return switch (key) {
                case "server" -> c.withServer(value.isEmpty() ? null : value);
                case "state-dir" -> {
                    if (value.isEmpty() || !value.startsWith("/")) {
                        throw new IllegalArgumentException("must be an absolute path, found '" + value + "'");
                    }
                    yield c.withStateDir(Path.of(value));
                }
                case "heartbeat-interval" -> {
                    Duration interval = Durations.parse(value);
                    if (interval.isZero()) {
                        throw new IllegalArgumentException("must be positive");
                    }
                    yield c.withHeartbeatInterval(interval);
                }
                case "link-report-interval" -> {
                    Duration interval = Durations.parse(value);
                    if (interval.compareTo(MIN_LINK_REPORT_INTERVAL) < 0) {
                        throw new IllegalArgumentException("must be at least "
                                + MIN_LINK_REPORT_INTERVAL.toSeconds() + "s");
                    }
                    yield c.withLinkReportInterval(interval);
                }
                case "capabilities" -> c.withCapabilities(list(value));
                case "allow-insecure-http" -> c.withAllowInsecureHttp(bool(value));
                case "fabric-port" -> c.withFabricPort(port(value));
                case "server-ca-file" -> c.withServerCaFile(value.isEmpty() ? null : absolute(value));
                case "process-allow-list" -> c.withProcessAllowList(list(value).stream().map(ConfigLoader::executable)
                        .distinct().toList());
                default -> throw new IllegalArgumentException("unknown key (known: " + String.join(", ", KEYS) + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + key + ": " + e.getMessage(), e);
        }
    }

    /** Workload executables are compared with these as written, so each must be written one way only. */
    private static Path executable(String value) {
        if (!value.startsWith("/") || !Path.of(value).normalize().toString().equals(value)) {
            throw new IllegalArgumentException("'" + value + "' is not an absolute path without '.', '..' or '//'");
        }
        return Path.of(value);
    }

    private static Path absolute(String value) {
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("must be an absolute path, found '" + value + "'");
        }
        return Path.of(value);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a port number from 0 to 65535, found '" + value + "'");
    }

    private static List<String> list(String value) {
        List<String> result = new ArrayList<>();
        Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).distinct().forEach(result::add);
        return result;
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false, found '" + value + "'");
        };
    }
}
