package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.ProtocolException;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code workloads.json}: the local health of the supervised workloads as last seen by the
 * running agent, rewritten when it changes, so that {@code status} (another process) can
 * show it even while the control plane is unreachable.
 */
public final class WorkloadStatesFile {

    public static final String FILE = "workloads.json";
    public static final int FORMAT_VERSION = 1;
    private static final int MAX_BYTES = 1024 * 1024;

    /** The workload states and when the agent recorded them. */
    public record Saved(Instant updatedAt, List<WorkloadState> workloads) {
    }

    private final StateDir stateDir;

    public WorkloadStatesFile(StateDir stateDir) {
        this.stateDir = stateDir;
    }

    public Optional<Saved> load() {
        Path file = stateDir.file(FILE);
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new StateException(file, "the workload states file is larger than " + MAX_BYTES + " bytes");
            }
            JsonObject json = Json.parse(Files.readAllBytes(file), MAX_BYTES);
            int version = Json.requireInt(json, "formatVersion", 1, Integer.MAX_VALUE);
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("formatVersion " + version + " is not supported by this agent");
            }
            List<WorkloadState> workloads = new ArrayList<>();
            for (JsonObject w : Json.objectList(json, "workloads", Limits.MAX_WORKLOADS)) {
                workloads.add(WorkloadState.fromJson(w));
            }
            return Optional.of(new Saved(Json.requireInstant(json, "updatedAt"), workloads));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(file, "cannot read the workload states: " + e.getMessage(), e);
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new StateException(file, "the workload states file is corrupt (" + e.getMessage()
                    + "); the running agent rewrites it when a workload changes", e);
        }
    }

    public void save(Instant updatedAt, List<WorkloadState> workloads) {
        stateDir.create();
        Path file = stateDir.file(FILE);
        JsonArrayBuilder array = Json.arrayBuilder();
        workloads.forEach(w -> array.add(w.toJson()));
        byte[] json = Json.toBytes(Json.objectBuilder()
                .add("formatVersion", FORMAT_VERSION)
                .add("updatedAt", updatedAt.toString())
                .add("workloads", array)
                .build());
        byte[] content = new byte[json.length + 1];
        System.arraycopy(json, 0, content, 0, json.length);
        content[json.length] = '\n';
        try {
            AtomicFiles.write(file, content, AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new StateException(file, "cannot write the workload states: " + e.getMessage(), e);
        }
    }
}
