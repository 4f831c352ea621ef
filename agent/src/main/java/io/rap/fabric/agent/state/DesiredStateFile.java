package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.ProtocolException;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code desired-state.json}: the last desired state this node accepted from the control
 * plane, so that after a restart the supervisor runs what was authorized before the control
 * plane answers (or while it cannot). Written atomically; a file that cannot be read is
 * reported and left for the operator, never silently replaced.
 */
public final class DesiredStateFile {

    public static final String FILE = "desired-state.json";
    public static final int FORMAT_VERSION = 1;
    private static final int MAX_BYTES = 1024 * 1024;

    /** A saved desired state and when this node accepted it. */
    public record Saved(DesiredState desiredState, Instant acceptedAt) {
    }

    private final StateDir stateDir;

    public DesiredStateFile(StateDir stateDir) {
        this.stateDir = stateDir;
    }

    public Path path() {
        return stateDir.file(FILE);
    }

    /** The saved desired state, or empty when none was accepted yet. */
    public Optional<Saved> load() {
        Path file = path();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new StateException(file, "the saved desired state is larger than " + MAX_BYTES
                        + " bytes; it was left untouched: move it away to fetch it again");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(file, "cannot read the saved desired state: " + e.getMessage(), e);
        }
        try {
            JsonObject json = Json.parse(bytes, MAX_BYTES);
            int version = Json.requireInt(json, "formatVersion", 1, Integer.MAX_VALUE);
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("formatVersion " + version + " is not supported by this agent"
                        + " (it reads " + FORMAT_VERSION + "); was it written by a newer agent?");
            }
            return Optional.of(new Saved(DesiredState.fromJson(Json.requireObject(json, "desiredState")),
                    Json.requireInstant(json, "acceptedAt")));
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new StateException(file, "the saved desired state is corrupt (" + e.getMessage()
                    + "); it was left untouched: repair it or move it away, and the agent fetches it again", e);
        }
    }

    /**
     * Removes the saved desired state, durably, when it no longer authorizes anything (the control
     * plane reports this node revoked): a later run then starts no workload until the control plane
     * accepts the node again and sends a fresh desired state. Deleted rather than marked: an agent
     * that does not know a mark (an older version after a downgrade) would run it.
     *
     * @return whether there was a saved desired state
     */
    public boolean delete() {
        Path file = path();
        try {
            return AtomicFiles.delete(file);
        } catch (IOException e) {
            throw new StateException(file, "cannot remove the saved desired state: " + e.getMessage(), e);
        }
    }

    public void save(DesiredState desiredState, Instant acceptedAt) {
        stateDir.create();
        Path file = path();
        byte[] json = Json.toBytes(Json.objectBuilder()
                .add("formatVersion", FORMAT_VERSION)
                .add("acceptedAt", acceptedAt.toString())
                .add("desiredState", desiredState.toJson())
                .build());
        byte[] content = new byte[json.length + 1];
        System.arraycopy(json, 0, content, 0, json.length);
        content[json.length] = '\n';
        try {
            AtomicFiles.write(file, content, AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new StateException(file, "cannot write the desired state: " + e.getMessage(), e);
        }
    }
}
