package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * Who may reach which resources, from which entry points, when, and whether MFA is required.
 * The members (users, resources, entry points) live in three tables written by
 * {@link OrganizationPolicyService}; their composite keys keep them inside this organization.
 */
@Entity
@Table(name = "organization_policies")
public class OrganizationPolicy implements TenantOwned {

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private short weekdays;

    @Column(name = "window_start_minute", nullable = false)
    private short windowStartMinute;

    @Column(name = "window_end_minute", nullable = false)
    private short windowEndMinute;

    @Column(name = "time_zone", nullable = false)
    private String timeZone;

    @Column(name = "mfa_required", nullable = false)
    private boolean mfaRequired;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected OrganizationPolicy() {
    }

    OrganizationPolicy(UUID organizationId, PolicyInput.Checked input, Instant now) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.createdAt = now;
        apply(input, now);
    }

    void apply(PolicyInput.Checked input, Instant now) {
        this.name = input.name();
        this.weekdays = (short) input.window().weekdayBits();
        this.windowStartMinute = (short) input.window().startMinute();
        this.windowEndMinute = (short) input.window().endMinute();
        this.timeZone = input.window().zone().getId();
        this.mfaRequired = input.mfaRequired();
        this.enabled = input.enabled();
        this.updatedAt = now;
    }

    @Override public UUID id() { return id; }
    @Override public UUID organizationId() { return organizationId; }
    public String name() { return name; }
    public boolean mfaRequired() { return mfaRequired; }
    public boolean enabled() { return enabled; }
    public long version() { return version; }

    public TimeWindow window() {
        return new TimeWindow(weekdays, windowStartMinute, windowEndMinute, java.time.ZoneId.of(timeZone));
    }
}
