package io.rap.fabric.domain.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.OptimisticLock;

/**
 * A host-level identity managed by its native agent. Health is not stored here: see {@link NodeLatestState}.
 *
 * <p>The host facts are reported by every membership's agent on every heartbeat, and a node may be a
 * member of several clusters (one agent each). They are excluded from the optimistic lock: two
 * heartbeats of one host in two clusters at once would otherwise fail one another, and for facts
 * of the same host the last report is simply the newest.
 */
@Entity
@Table(name = "nodes")
public class Node {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @OptimisticLock(excluded = true)
    @Column(name = "host_fingerprint", nullable = false)
    private String hostFingerprint;

    @Column(name = "enrollment_status", nullable = false)
    private String enrollmentStatus;

    @OptimisticLock(excluded = true)
    private String hostname;
    @OptimisticLock(excluded = true)
    private String os;
    @OptimisticLock(excluded = true)
    private String kernel;
    @OptimisticLock(excluded = true)
    private String arch;

    @OptimisticLock(excluded = true)
    @Column(name = "cpu_count")
    private Integer cpuCount;

    @OptimisticLock(excluded = true)
    @Column(name = "memory_bytes")
    private Long memoryBytes;

    @OptimisticLock(excluded = true)
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String facts;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @OptimisticLock(excluded = true)
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Node() {
    }

    public Node(UUID id, String name, HostFactsRecord facts, Instant now) {
        this.id = id;
        this.name = name;
        this.enrollmentStatus = "enrolled";
        this.createdAt = now;
        updateFacts(facts, now);
    }

    public final void updateFacts(HostFactsRecord facts, Instant now) {
        this.hostFingerprint = facts.hostFingerprint();
        this.hostname = facts.hostname();
        this.os = facts.os();
        this.kernel = facts.kernel();
        this.arch = facts.arch();
        this.cpuCount = facts.cpuCount();
        this.memoryBytes = facts.memoryBytes();
        this.facts = facts.json();
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public String name() { return name; }
    public String hostFingerprint() { return hostFingerprint; }
    public String enrollmentStatus() { return enrollmentStatus; }
    public String hostname() { return hostname; }
    public String os() { return os; }
    public String kernel() { return kernel; }
    public String arch() { return arch; }
    public Integer cpuCount() { return cpuCount; }
    public Long memoryBytes() { return memoryBytes; }
    public String factsJson() { return facts; }
    public Instant createdAt() { return createdAt; }
}
