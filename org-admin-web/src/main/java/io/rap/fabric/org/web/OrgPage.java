package io.rap.fabric.org.web;

import io.rap.fabric.web.CurrentCaller;

import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.UUID;

/**
 * What every organization page shares: the caller, and the organization the view was opened
 * for. The id is fixed when the view loads, so a switch in another tab cannot redirect a form
 * that is already open to a different organization.
 */
public abstract class OrgPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentCaller caller;

    @Inject
    OrganizationSwitcher orgs;

    private UUID organizationId;

    /** View action of every page; without a grant there is nothing to load (the layout says so). */
    public void load() {
        if (organizationId == null) {
            organizationId = orgs.currentId();
        }
        if (organizationId != null) {
            loaded();
        }
    }

    /** Runs once the organization is known. */
    protected void loaded() {
    }

    protected UUID org() {
        return organizationId;
    }
}
