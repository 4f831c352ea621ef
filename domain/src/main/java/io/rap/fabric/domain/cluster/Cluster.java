package io.rap.fabric.domain.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "clusters")
public class Cluster {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String slug;

    @Column(nullable = false)
    private String status;

    private String region;

    private String description;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Cluster() {
    }

    Cluster(UUID id, String name, String slug, String region, String description, Instant now) {
        this.id = id;
        this.name = name;
        this.slug = slug;
        this.status = "active";
        this.region = region;
        this.description = description;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public String name() { return name; }
    public String slug() { return slug; }
    public String status() { return status; }
    public String region() { return region; }
    public String description() { return description; }
    public Instant createdAt() { return createdAt; }
    public long version() { return version; }
}
