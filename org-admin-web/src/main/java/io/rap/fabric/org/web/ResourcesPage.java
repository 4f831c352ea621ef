package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.EgressPoolService;
import io.rap.fabric.domain.organization.EgressPoolView;
import io.rap.fabric.domain.organization.OrganizationResourceService;
import io.rap.fabric.domain.organization.ResourceInput;
import io.rap.fabric.domain.organization.ResourceView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/** Resources (RDP, VNC, SSH targets): list, add, edit, remove. */
@Named
@ViewScoped
public class ResourcesPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    OrganizationResourceService resources;

    @Inject
    EgressPoolService pools;

    private final PagedModel<ResourceView> model = new PagedModel<>(page -> resources.list(caller.get(), org(), page));
    private List<EgressPoolView> poolChoices = List.of();
    private UUID editing;
    private long version;
    private String name;
    private String targetHost;
    private Integer port;
    private String protocol = "rdp";
    private UUID egressPoolId;
    private String description;

    @Override
    protected void loaded() {
        try {
            poolChoices = pools.list(caller.get(), org(), PageRequest.first(PageRequest.MAX_LIMIT)).items();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void edit(UUID resourceId) {
        try {
            ResourceView r = resources.get(caller.get(), org(), resourceId);
            editing = r.id();
            version = r.version();
            name = r.name();
            targetHost = r.targetHost();
            port = r.port();
            protocol = r.protocol();
            egressPoolId = r.egressPoolId();
            description = r.description();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void save() {
        try {
            ResourceInput input = new ResourceInput(name, targetHost, port, protocol, egressPoolId, description);
            ResourceView saved = editing == null ? resources.create(caller.get(), org(), input)
                    : resources.update(caller.get(), org(), editing, version, input);
            Messages.info(editing == null ? "resource.created" : "resource.updated", saved.name());
            clear();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void delete(UUID resourceId) {
        try {
            resources.delete(caller.get(), org(), resourceId);
            Messages.info("resource.deleted");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void clear() {
        editing = null;
        name = targetHost = description = null;
        port = null;
        protocol = "rdp";
        egressPoolId = null;
    }

    public List<String> getProtocols() { return ResourceInput.PROTOCOLS; }
    public PagedModel<ResourceView> getModel() { return model; }
    public List<EgressPoolView> getPoolChoices() { return poolChoices; }
    public boolean isEditing() { return editing != null; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getTargetHost() { return targetHost; }
    public void setTargetHost(String targetHost) { this.targetHost = targetHost; }
    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getProtocol() { return protocol; }
    public void setProtocol(String protocol) { this.protocol = protocol; }
    public UUID getEgressPoolId() { return egressPoolId; }
    public void setEgressPoolId(UUID egressPoolId) { this.egressPoolId = egressPoolId; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
}
