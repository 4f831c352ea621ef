package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** An organization-visible logical exit; the nodes behind it are {@link EgressPoolNode}s, never shown to the tenant. */
@Entity
@Table(name = "egress_pools")
public class EgressPool implements TenantOwned {

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String name;

    private String region;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected EgressPool() {
    }

    EgressPool(UUID organizationId, String name, String region, Instant now) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.name = name;
        this.region = region;
        this.createdAt = now;
        this.updatedAt = now;
    }

    @Override public UUID id() { return id; }
    @Override public UUID organizationId() { return organizationId; }
    public String name() { return name; }
    public String region() { return region; }
}
