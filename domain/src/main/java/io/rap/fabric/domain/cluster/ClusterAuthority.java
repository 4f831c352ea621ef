package io.rap.fabric.domain.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** Authority state and term of a cluster; only a {@code healthy} cluster may change trust. */
@Entity
@Table(name = "cluster_authority_terms")
public class ClusterAuthority {

    public static final String HEALTHY = "healthy";
    public static final java.util.List<String> STATES = java.util.List.of(HEALTHY, "degraded", "minority_partition",
            "fenced");

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(nullable = false)
    private String state;

    @Column(nullable = false)
    private long term;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    @Column(name = "changed_by", nullable = false)
    private String changedBy;

    @Version
    private long version;

    protected ClusterAuthority() {
    }

    ClusterAuthority(UUID clusterId, String changedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.clusterId = clusterId;
        this.state = HEALTHY;
        this.term = 1;
        this.changedAt = now;
        this.changedBy = changedBy;
    }

    /** Every change starts a new term, so a decision taken under an older term can be recognised as such. */
    void change(String newState, String by, Instant now) {
        this.state = newState;
        this.term++;
        this.changedAt = now;
        this.changedBy = by;
    }

    public UUID clusterId() { return clusterId; }
    public String state() { return state; }
    public long term() { return term; }
    public boolean isHealthy() { return HEALTHY.equals(state); }
}
