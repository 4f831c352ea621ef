package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.audit.ChainStatus;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

@Named
@ViewScoped
public class AuditPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AuditService audit;

    @Inject
    CurrentCaller caller;

    private String eventType;
    private String actor;
    private ChainStatus chain;
    private final PagedModel<AuditView> model = new PagedModel<>(page -> audit.list(caller.get(),
            new AuditFilter(null, null, actor, eventType, null, null), page));

    public void verifyChain() {
        chain = audit.verifyChain(caller.get());
    }

    public PagedModel<AuditView> getModel() { return model; }
    public String getEventType() { return eventType; }
    public void setEventType(String eventType) { this.eventType = eventType; }
    public String getActor() { return actor; }
    public void setActor(String actor) { this.actor = actor; }
    public ChainStatus getChain() { return chain; }
}
