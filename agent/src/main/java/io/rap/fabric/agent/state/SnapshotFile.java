package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.ProtocolException;
import io.rap.fabric.protocol.SignedSnapshot;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code snapshot.json}: the last signed snapshot this node verified and applied, kept exactly as
 * it was signed, so it can be verified again at every start and used while the control plane is
 * away. Written atomically; a file that cannot be read is reported and left for the operator.
 */
public final class SnapshotFile {

    public static final String FILE = "snapshot.json";
    public static final int FORMAT_VERSION = 1;
    private static final int MAX_BYTES = Limits.MAX_SNAPSHOT_BYTES * 2;

    private final StateDir stateDir;

    public SnapshotFile(StateDir stateDir) {
        this.stateDir = stateDir;
    }

    public Path path() {
        return stateDir.file(FILE);
    }

    /** The stored signed snapshot (not yet verified), or empty when none was applied yet. */
    public Optional<SignedSnapshot> load() {
        Path file = path();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new StateException(file, "the stored snapshot is larger than " + MAX_BYTES + " bytes; it was"
                        + " left untouched: move it away to fetch it again");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(file, "cannot read the stored snapshot: " + e.getMessage(), e);
        }
        try {
            JsonObject json = Json.parse(bytes, MAX_BYTES);
            int version = Json.requireInt(json, "formatVersion", 1, Integer.MAX_VALUE);
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("formatVersion " + version + " is not supported by this agent"
                        + " (it reads " + FORMAT_VERSION + ")");
            }
            return Optional.of(SignedSnapshot.fromJson(Json.requireObject(json, "snapshot")));
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new StateException(file, "the stored snapshot is corrupt (" + e.getMessage()
                    + "); it was left untouched: move it away and the agent fetches a new one", e);
        }
    }

    public void save(SignedSnapshot snapshot) {
        stateDir.create();
        Path file = path();
        byte[] json = Json.toBytes(Json.objectBuilder().add("formatVersion", FORMAT_VERSION)
                .add("snapshot", snapshot.toJson()).build());
        try {
            AtomicFiles.write(file, json, AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new StateException(file, "cannot write the snapshot: " + e.getMessage(), e);
        }
    }
}
