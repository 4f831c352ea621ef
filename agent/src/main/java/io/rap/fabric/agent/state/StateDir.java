package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.ProtocolException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The node-local state directory:
 * <pre>
 *   node.key     EC P-256 private key, PKCS#8 PEM, mode 0600; never leaves the host
 *   node.key.next  the key a rotation in progress asks a certificate for (same format); it
 *                replaces node.key once the new certificate is saved in state.json
 *   state.json   {@link AgentState} with a formatVersion, mode 0600
 *   desired-state.json  last accepted desired state ({@link DesiredStateFile})
 *   workloads.json      last seen workload states ({@link WorkloadStatesFile})
 *   snapshot.json       last verified signed snapshot ({@link SnapshotFile})
 *   health.json         local health, control-plane contact and route cache ({@link HealthFile});
 *                       derived data, rebuilt by run after a warning when corrupt
 *   workloads/   working directory and logs of process workloads
 *   host-id      generated host id, only where /etc/machine-id is missing
 *   agent.lock   held by the process that writes (enroll, run)
 * </pre>
 * Every write is atomic ({@link AtomicFiles}). A file that cannot be read is reported,
 * never silently replaced.
 */
public final class StateDir {

    public static final String KEY_FILE = "node.key";
    public static final String NEXT_KEY_FILE = "node.key.next";
    public static final String STATE_FILE = "state.json";
    public static final String HOST_ID_FILE = "host-id";
    public static final String LOCK_FILE = "agent.lock";

    private static final Set<PosixFilePermission> DIR_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final int MAX_STATE_BYTES = 1024 * 1024;

    private final Path dir;

    public StateDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Creates the directory (mode 0700) if needed. */
    public void create() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, DIR_PERMISSIONS);
            }
        } catch (IOException e) {
            throw new StateException(dir, "cannot create the state directory: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the directory's exclusive lock so that two agents never write the same state.
     * Release it by closing.
     */
    public AutoCloseable lock() {
        create();
        Path lockFile = file(LOCK_FILE);
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StateException(lockFile, "another rap-node-agent process is using this state directory");
            }
            FileLock held = lock;
            removeStaleTempFiles();
            return () -> {
                held.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new StateException(lockFile, "cannot lock the state directory: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes temporary files left by a write that a crash (kill -9, power cut) cut short.
     * They were never renamed into place, so the real files are intact; only the lock
     * holder may call this, as another writer's temporary file would look the same.
     *
     * @return how many were removed
     */
    int removeStaleTempFiles() {
        int removed = 0;
        try (var files = Files.list(dir)) {
            for (Path temp : (Iterable<Path>) files::iterator) {
                String name = temp.getFileName().toString();
                boolean ours = name.endsWith(".tmp") && (name.startsWith("." + STATE_FILE + ".")
                        || name.startsWith("." + KEY_FILE + ".") || name.startsWith("." + HOST_ID_FILE + ".")
                        || name.startsWith("." + DesiredStateFile.FILE + ".")
                        || name.startsWith("." + WorkloadStatesFile.FILE + ".")
                        || name.startsWith("." + SnapshotFile.FILE + ".")
                        || name.startsWith("." + HealthFile.FILE + "."));
                if (ours && Files.deleteIfExists(temp)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new StateException(dir, "cannot remove temporary files left by an interrupted write: "
                    + e.getMessage(), e);
        }
        return removed;
    }

    /** The saved state, or empty when none was saved yet. */
    public Optional<AgentState> load() {
        Path file = file(STATE_FILE);
        byte[] bytes;
        try {
            bytes = readLimited(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(file, "cannot read the agent state: " + e.getMessage(), e);
        }
        try {
            return Optional.of(AgentState.fromJson(Json.parse(bytes, MAX_STATE_BYTES)));
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new StateException(file, "the agent state is corrupt (" + e.getMessage()
                    + "); it was left untouched: repair or move it away and enroll again", e);
        }
    }

    public AgentState loadOrEmpty() {
        return load().orElseGet(AgentState::empty);
    }

    public void save(AgentState state) {
        create();
        Path file = file(STATE_FILE);
        byte[] json = Json.toBytes(state.toJson());
        byte[] content = new byte[json.length + 1];
        System.arraycopy(json, 0, content, 0, json.length);
        content[json.length] = '\n';
        try {
            AtomicFiles.write(file, content, AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new StateException(file, "cannot write the agent state: " + e.getMessage(), e);
        }
    }

    /** The node key, if one was created. */
    public Optional<KeyPair> loadKey() {
        return loadKey(KEY_FILE);
    }

    /** The key of a rotation in progress, if there is one. */
    public Optional<KeyPair> loadNextKey() {
        return loadKey(NEXT_KEY_FILE);
    }

    /**
     * The key of the rotation in progress, or a new one written to {@code node.key.next} (0600)
     * before this returns: a rotation repeated after a crash asks again for the same key.
     */
    public KeyPair loadOrCreateNextKey() {
        Optional<KeyPair> existing = loadNextKey();
        if (existing.isPresent()) {
            return existing.get();
        }
        return writeNewKey(NEXT_KEY_FILE);
    }

    /**
     * Makes the rotation's key the node key, in one rename: after a crash {@code node.key} is
     * the old key (and {@code node.key.next} still there) or the new one.
     */
    public void promoteNextKey() {
        Path next = file(NEXT_KEY_FILE);
        try {
            AtomicFiles.rename(next, file(KEY_FILE));
        } catch (IOException e) {
            throw new StateException(next, "cannot make the rotated key the node key: " + e.getMessage(), e);
        }
    }

    /** Gives up the rotation's key (the control plane refused a certificate for it). */
    public void discardNextKey() {
        Path next = file(NEXT_KEY_FILE);
        try {
            Files.deleteIfExists(next);
        } catch (IOException e) {
            throw new StateException(next, "cannot remove the refused rotation key: " + e.getMessage(), e);
        }
    }

    /**
     * Forgets this membership after it left the cluster: the node keys, the enrollment and every
     * file derived from it (desired state, snapshot, workload states, local health and workload directories).
     * The host id stays: it names the host, not the membership.
     */
    public void forgetMembership() {
        List<String> files = List.of(KEY_FILE, NEXT_KEY_FILE, STATE_FILE, DesiredStateFile.FILE,
                WorkloadStatesFile.FILE, "snapshot.json", HealthFile.FILE);
        try {
            for (String name : files) {
                Files.deleteIfExists(file(name));
            }
            Path workloads = file("workloads");
            if (Files.isDirectory(workloads)) {
                try (var paths = Files.walk(workloads)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new StateException(dir, "cannot remove the membership's files: " + e.getMessage(), e);
        }
    }

    private Optional<KeyPair> loadKey(String name) {
        Path file = file(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new StateException(file, "the node key is accessible to other users (mode "
                        + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + file);
            }
            String pem = new String(readLimited(file), StandardCharsets.US_ASCII);
            return Optional.of(Keys.keyPairOf(Pem.parsePrivateKey(pem)));
        } catch (IOException e) {
            throw new StateException(file, "cannot read the node key: " + e.getMessage(), e);
        } catch (ProtocolException e) {
            throw new StateException(file, "the node key is unusable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The existing node key, or a new EC P-256 key written to {@code node.key} (0600)
     * before this returns, so that nothing is sent for a key that is not safely stored.
     */
    public KeyPair loadOrCreateKey() {
        Optional<KeyPair> existing = loadKey();
        if (existing.isPresent()) {
            return existing.get();
        }
        return writeNewKey(KEY_FILE);
    }

    private KeyPair writeNewKey(String name) {
        create();
        KeyPair key = Keys.generateP256();
        Path file = file(name);
        try {
            AtomicFiles.write(file, Pem.encodePrivateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                    AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new StateException(file, "cannot write the node key: " + e.getMessage(), e);
        }
        return key;
    }

    /** A random host id kept in {@code host-id}, for hosts without /etc/machine-id. */
    public String hostId() {
        Path file = file(HOST_ID_FILE);
        try {
            if (Files.exists(file)) {
                String id = new String(readLimited(file), StandardCharsets.US_ASCII).trim();
                if (id.isEmpty()) {
                    throw new StateException(file, "the host id file is empty; remove it to generate a new one");
                }
                return id;
            }
            create();
            String id = UUID.randomUUID().toString();
            AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);
            return id;
        } catch (IOException e) {
            throw new StateException(file, "cannot read or write the host id: " + e.getMessage(), e);
        }
    }

    private static byte[] readLimited(Path file) throws IOException {
        if (Files.size(file) > MAX_STATE_BYTES) {
            throw new IOException("file is larger than " + MAX_STATE_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
