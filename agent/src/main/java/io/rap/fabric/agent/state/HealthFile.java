package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.ProtocolException;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code health.json}: the running agent's {@link LocalHealth} (overall state and reasons,
 * control-plane contact, route cache), so that {@code status} (another process) can show it and
 * the next run starts from the last known routes.
 *
 * <p>Unlike {@code state.json} it is derived data: everything in it is measured again by a
 * running agent. A corrupt file is therefore reported (by {@code status}, and by {@code run} as a
 * warning naming the file) and then rebuilt by {@code run}; it is never replaced silently.
 */
public final class HealthFile {

    public static final String FILE = "health.json";
    public static final int FORMAT_VERSION = 1;
    private static final int MAX_BYTES = 1024 * 1024;

    private final StateDir stateDir;

    public HealthFile(StateDir stateDir) {
        this.stateDir = stateDir;
    }

    public Path path() {
        return stateDir.file(FILE);
    }

    /**
     * The saved health, or empty when none was saved yet.
     *
     * @throws StateException when the file cannot be read, is corrupt or has a format this agent does not know
     */
    public Optional<LocalHealth> load() {
        Path file = path();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new StateException(file, "the health file is larger than " + MAX_BYTES + " bytes");
            }
            JsonObject json = Json.parse(Files.readAllBytes(file), MAX_BYTES);
            int version = Json.requireInt(json, "formatVersion", 1, Integer.MAX_VALUE);
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("formatVersion " + version + " is not supported by this agent");
            }
            return Optional.of(LocalHealth.fromJson(json));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(file, "cannot read the local health: " + e.getMessage(), e);
        } catch (ProtocolException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new StateException(file, "the local health file is corrupt (" + e.getMessage()
                    + "); a running agent rebuilds it after logging a warning", e);
        }
    }

    public void save(LocalHealth health) {
        stateDir.create();
        Path file = path();
        var object = Json.objectBuilder().add("formatVersion", FORMAT_VERSION);
        health.toJson().forEach(object::add);
        byte[] json = Json.toBytes(object.build());
        byte[] content = new byte[json.length + 1];
        System.arraycopy(json, 0, content, 0, json.length);
        content[json.length] = '\n';
        try {
            AtomicFiles.write(file, content, AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new StateException(file, "cannot write the local health: " + e.getMessage(), e);
        }
    }
}
