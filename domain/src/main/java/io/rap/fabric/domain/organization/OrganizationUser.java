package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A person who may use the organization's resources, identified by their Keycloak username. */
@Entity
@Table(name = "organization_users")
public class OrganizationUser implements TenantOwned {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String username;

    @Column(name = "display_name")
    private String displayName;

    private String email;

    @Column(nullable = false)
    private String status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected OrganizationUser() {
    }

    OrganizationUser(UUID organizationId, String username, String displayName, String email, String status,
                     Instant now) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.username = username;
        this.displayName = displayName;
        this.email = email;
        this.status = status;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void update(String displayName, String email, String status, Instant now) {
        this.displayName = displayName;
        this.email = email;
        this.status = status;
        this.updatedAt = now;
    }

    @Override public UUID id() { return id; }
    @Override public UUID organizationId() { return organizationId; }
    public String username() { return username; }
    public String displayName() { return displayName; }
    public String email() { return email; }
    public String status() { return status; }
    public boolean isActive() { return ACTIVE.equals(status); }
    public long version() { return version; }
}
