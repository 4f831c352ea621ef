package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.JoinTokenView;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/** One cluster: its state and its join tokens (issue, revoke); its node groups and nodes: {@link ClusterGroupsPage}. */
@Named
@ViewScoped
public class ClusterPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Inject
    CurrentCaller caller;

    @Inject
    HighRiskActions highRisk;

    private String id;
    private String resume;
    private String stepUp;
    private String authorityState;
    private String authorityReason;
    private ClusterView cluster;
    private PagedModel<JoinTokenView> tokenModel;
    private int ttlMinutes = 60;
    private int maxUses = 1;
    private String allowedRoles;
    private String tokenDescription;
    /** Shown once, right after issuing; never stored beyond this view. */
    private transient IssuedJoinToken issued;

    public void load() {
        try {
            UUID clusterId = UUID.fromString(id);
            cluster = clusters.get(caller.get(), clusterId);
            tokenModel = new PagedModel<>(page -> tokens.list(caller.get(), clusterId, page));
            authorityState = cluster.authorityState();
            if (resume != null) {
                highRisk.resume(resume, "failed".equals(stepUp), this::execute);
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            Messages.errorKey("cluster.notFound");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void issueToken() {
        try {
            issued = tokens.issue(caller.get(), new NewJoinToken(cluster.id(), tokenDescription,
                    Duration.ofMinutes(ttlMinutes), maxUses, allowedRoles == null ? null
                    : Arrays.stream(allowedRoles.split("[,\\s]+")).filter(s -> !s.isBlank()).toList()));
            Messages.info("token.issued");
            tokenDescription = null;
            allowedRoles = null;
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void revokeToken(UUID tokenId) {
        try {
            tokens.revoke(caller.get(), tokenId);
            Messages.info("token.revoked");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** High-risk (step-up): the owner declares the cluster partitioned, fenced, degraded or healthy again. */
    public void changeAuthority() {
        // The state is a fixed word without ':', so state and reason travel as one argument.
        highRisk.run(new ResumableAction("authority", cluster.id(), authorityState + ":" + authorityReason,
                "/cluster.xhtml?id=" + cluster.id()), this::execute);
    }

    private void execute(ResumableAction action) {
        if (!"authority".equals(action.kind())) {
            throw new IllegalArgumentException("unknown action " + action.kind());
        }
        String[] stateAndReason = action.argument().split(":", 2);
        ClusterView changed = clusters.changeAuthority(caller.get(), action.target(), stateAndReason[0],
                stateAndReason.length > 1 ? stateAndReason[1] : null);
        cluster = changed;
        Messages.info("cluster.authorityChanged", changed.authorityState(), changed.authorityTerm());
    }

    public java.util.List<String> getAuthorityStates() {
        return java.util.List.of("healthy", "degraded", "minority_partition", "fenced");
    }

    public String getEnrollCommand() {
        if (issued == null) {
            return null;
        }
        return "rap-node-agent enroll --server <control-plane-url> --token " + issued.rawToken()
                + " --state-dir /var/lib/rap-node-agent";
    }

    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public String getAuthorityState() { return authorityState; }
    public void setAuthorityState(String authorityState) { this.authorityState = authorityState; }
    public String getAuthorityReason() { return authorityReason; }
    public void setAuthorityReason(String authorityReason) { this.authorityReason = authorityReason; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public ClusterView getCluster() { return cluster; }
    public PagedModel<JoinTokenView> getTokenModel() { return tokenModel; }
    public int getTtlMinutes() { return ttlMinutes; }
    public void setTtlMinutes(int ttlMinutes) { this.ttlMinutes = ttlMinutes; }
    public int getMaxUses() { return maxUses; }
    public void setMaxUses(int maxUses) { this.maxUses = maxUses; }
    public String getAllowedRoles() { return allowedRoles; }
    public void setAllowedRoles(String allowedRoles) { this.allowedRoles = allowedRoles; }
    public String getTokenDescription() { return tokenDescription; }
    public void setTokenDescription(String tokenDescription) { this.tokenDescription = tokenDescription; }
    public IssuedJoinToken getIssued() { return issued; }
}
