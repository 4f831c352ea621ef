package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A target host people may reach over RDP, VNC or SSH, through one of the organization's egress pools. */
@Entity
@Table(name = "organization_resources")
public class OrganizationResource implements TenantOwned {

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String name;

    @Column(name = "target_host", nullable = false)
    private String targetHost;

    @Column(nullable = false)
    private int port;

    @Column(nullable = false)
    private String protocol;

    @Column(name = "egress_pool_id", nullable = false)
    private UUID egressPoolId;

    private String description;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected OrganizationResource() {
    }

    OrganizationResource(UUID organizationId, ResourceInput.Checked input, Instant now) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.createdAt = now;
        apply(input, now);
    }

    void apply(ResourceInput.Checked input, Instant now) {
        this.name = input.name();
        this.targetHost = input.targetHost();
        this.port = input.port();
        this.protocol = input.protocol();
        this.egressPoolId = input.egressPoolId();
        this.description = input.description();
        this.updatedAt = now;
    }

    @Override public UUID id() { return id; }
    @Override public UUID organizationId() { return organizationId; }
    public String name() { return name; }
    public String targetHost() { return targetHost; }
    public int port() { return port; }
    public String protocol() { return protocol; }
    public UUID egressPoolId() { return egressPoolId; }
    public String description() { return description; }
    public long version() { return version; }
}
