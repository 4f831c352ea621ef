package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A tenant, served by one cluster. */
@Entity
@Table(name = "organizations")
public class Organization {

    public static final String ACTIVE = "active";

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String slug;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(nullable = false)
    private String status;

    private String description;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Organization() {
    }

    Organization(String name, String slug, UUID clusterId, String description, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.slug = slug;
        this.clusterId = clusterId;
        this.status = ACTIVE;
        this.description = description;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public String name() { return name; }
    public String slug() { return slug; }
    public UUID clusterId() { return clusterId; }
    public String status() { return status; }
    public String description() { return description; }
    public Instant createdAt() { return createdAt; }
}
