package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.trust.AuthorityView;
import io.rap.fabric.domain.trust.CertificateFilter;
import io.rap.fabric.domain.trust.FleetCertificateView;
import io.rap.fabric.domain.trust.NodeCertificateService;
import io.rap.fabric.domain.trust.TrustOverviewService;
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
import java.util.List;
import java.util.UUID;

/**
 * Trust and certificates: every cluster's CA, the node certificates issued across the fleet
 * (filtered by cluster and state, "expiring soon" within a window of days), revocation of one
 * certificate with the same domain method as the node page, and asking a node to rotate one now
 * (both high-risk: confirmation and step-up); an open rotation request can be cancelled.
 */
@Named
@ViewScoped
public class TrustPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String REVOKE = "trust.revokeCertificate";
    static final String REQUEST_ROTATION = "trust.requestRotation";

    @Inject
    TrustOverviewService trust;

    @Inject
    NodeCertificateService certificates;

    @Inject
    ClusterService clusters;

    @Inject
    CurrentCaller caller;

    @Inject
    HighRiskActions highRisk;

    /** The cluster as view parameter {@code id}: the step-up round trip returns to the same list. */
    private String id;
    private String resume;
    private String stepUp;
    private UUID clusterId;
    private String view = CertificateFilter.ALL;
    private int windowDays = (int) CertificateFilter.DEFAULT_EXPIRY_WINDOW.toDays();
    private String reason;
    private long expiringCount;
    private List<ClusterView> clusterOptions = List.of();
    private CertificateFilter applied = CertificateFilter.all();

    private final PagedModel<AuthorityView> authorities = new PagedModel<>(page -> trust.authorities(caller.get(),
            applied.clusterId(), page));
    private final PagedModel<FleetCertificateView> model = PagedModel.sorted((page, field, ascending) ->
            trust.certificates(caller.get(), new CertificateFilter(applied.clusterId(), applied.view(),
                    applied.expiringWithin(), field, field == null || ascending), page));

    /** View action: options, the expiring count for the banner, and a parked revocation if one returns here. */
    public void load() {
        try {
            clusterId = ClusterChoice.parse(id);
            applied = applied.inCluster(clusterId);
            clusterOptions = ClusterChoice.options(clusters, caller.get());
            countExpiring();
            if (resume != null) {
                // only this page's own kind: a key parked by another page must not run here
                highRisk.resume(resume, "failed".equals(stepUp),
                        a -> REVOKE.equals(a.kind()) || REQUEST_ROTATION.equals(a.kind()), this::execute);
            }
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void apply() {
        try {
            applied = new CertificateFilter(clusterId, view, Duration.ofDays(windowDays), null, true);
            countExpiring();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** High-risk (step-up): the same revocation as on the node page. */
    public void revoke(UUID nodeId, UUID certificateCluster, String serial) {
        // Neither a UUID nor a hex serial has a ':', so cluster, serial and reason travel as one argument.
        highRisk.run(new ResumableAction(REVOKE, nodeId, certificateCluster + ":" + serial + ":"
                + (reason == null ? "" : reason), returnPage()), this::execute);
    }

    /** High-risk (step-up): the node rotates this certificate at its next heartbeat. */
    public void requestRotation(UUID nodeId, UUID certificateCluster, String serial) {
        highRisk.run(new ResumableAction(REQUEST_ROTATION, nodeId, certificateCluster + ":" + serial + ":"
                + (reason == null ? "" : reason), returnPage()), this::execute);
    }

    /** Not high-risk (it issues nothing): withdraws an open rotation request. */
    public void cancelRotation(UUID certificateCluster, UUID requestId, String serial) {
        try {
            certificates.cancelRotationRequest(caller.get(), certificateCluster, requestId);
            Messages.info("trust.rotationCancelled", serial);
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    private void execute(ResumableAction action) {
        String[] parts = action.argument().split(":", 3);
        if (REQUEST_ROTATION.equals(action.kind())) {
            certificates.requestRotation(caller.get(), UUID.fromString(parts[0]), parts[1], parts[2]);
            Messages.info("trust.rotationRequested", parts[1]);
            return;
        }
        certificates.revokeCertificate(caller.get(), UUID.fromString(parts[0]), parts[1], parts[2]);
        Messages.info("trust.certificateRevoked", parts[1]);
        countExpiring();
    }

    private void countExpiring() {
        expiringCount = trust.certificates(caller.get(), applied.showing(CertificateFilter.EXPIRING),
                PageRequest.first(1)).total();
    }

    private String returnPage() {
        return "/trust.xhtml" + (clusterId == null ? "" : "?id=" + clusterId);
    }

    public List<String> getViews() { return CertificateFilter.VIEWS; }
    public PagedModel<AuthorityView> getAuthorities() { return authorities; }
    public PagedModel<FleetCertificateView> getModel() { return model; }
    public List<ClusterView> getClusterOptions() { return clusterOptions; }
    public long getExpiringCount() { return expiringCount; }
    public long getAppliedWindowDays() { return applied.expiringWithin().toDays(); }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public UUID getClusterId() { return clusterId; }
    public void setClusterId(UUID clusterId) { this.clusterId = clusterId; }
    public String getView() { return view; }
    public void setView(String view) { this.view = view; }
    public int getWindowDays() { return windowDays; }
    public void setWindowDays(int windowDays) { this.windowDays = windowDays; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
