package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.UUID;

/**
 * What every cluster page shares: the caller, the step-up carrier, and the cluster the view was
 * opened for. The id is fixed when the view loads, so a switch in another tab cannot turn a form
 * that is already open toward a different cluster.
 */
public abstract class ClusterScopedPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentCaller caller;

    @Inject
    ClusterSwitcher clusters;

    @Inject
    HighRiskActions highRisk;

    private UUID clusterId;
    private String resume;
    private String stepUp;

    /** View action of every page; without a grant there is nothing to load (the layout says so). */
    public void load() {
        if (clusterId == null) {
            clusterId = clusters.currentId();
        }
        if (clusterId == null) {
            return;
        }
        try {
            loaded();
            if (resume != null) {
                // A parked action carries the cluster it was made for; it is run for that one only,
                // and only by the page that parked it.
                highRisk.resume(resume, "failed".equals(stepUp),
                        a -> a.cluster().equals(clusterId) && handles(a.kind()), this::execute);
            }
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** Runs once the cluster is known. */
    protected abstract void loaded();

    /** Whether {@link #execute} knows this kind of action. */
    protected boolean handles(String kind) {
        return false;
    }

    /** Runs a high-risk action of this page (again, after a step-up). */
    protected void execute(ResumableAction action) {
        throw new IllegalArgumentException("no actions on this page");
    }

    protected UUID cluster() {
        return clusterId;
    }

    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
}
