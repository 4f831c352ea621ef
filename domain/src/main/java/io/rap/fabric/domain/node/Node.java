package io.rap.fabric.domain.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A host-level identity managed by its native agent. Health is not stored here: see {@link NodeLatestState}. */
@Entity
@Table(name = "nodes")
public class Node {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(name = "host_fingerprint", nullable = false)
    private String hostFingerprint;

    @Column(name = "enrollment_status", nullable = false)
    private String enrollmentStatus;

    private String hostname;
    private String os;
    private String kernel;
    private String arch;

    @Column(name = "cpu_count")
    private Integer cpuCount;

    @Column(name = "memory_bytes")
    private Long memoryBytes;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String facts;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

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
