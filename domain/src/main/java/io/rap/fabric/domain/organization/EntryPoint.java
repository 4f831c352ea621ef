package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** An organization-visible ingress endpoint: the public host name and port people connect to. */
@Entity
@Table(name = "entry_points")
public class EntryPoint implements TenantOwned {

    public static final String ACTIVE = "active";

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String name;

    @Column(name = "public_hostname", nullable = false)
    private String publicHostname;

    @Column(name = "public_port", nullable = false)
    private int publicPort;

    @Column(nullable = false)
    private String status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected EntryPoint() {
    }

    EntryPoint(UUID organizationId, String name, String publicHostname, int publicPort, Instant now) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.name = name;
        this.publicHostname = publicHostname;
        this.publicPort = publicPort;
        this.status = ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    @Override public UUID id() { return id; }
    @Override public UUID organizationId() { return organizationId; }
    public String name() { return name; }
    public String publicHostname() { return publicHostname; }
    public int publicPort() { return publicPort; }
    public String status() { return status; }
    public boolean isActive() { return ACTIVE.equals(status); }
}
