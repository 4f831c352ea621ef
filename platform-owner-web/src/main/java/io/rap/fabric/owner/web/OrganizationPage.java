package io.rap.fabric.owner.web;

import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.organization.EgressPoolService;
import io.rap.fabric.domain.organization.EgressPoolView;
import io.rap.fabric.domain.organization.EntryPointService;
import io.rap.fabric.domain.organization.EntryPointView;
import io.rap.fabric.domain.organization.NewEgressPool;
import io.rap.fabric.domain.organization.NewEntryPoint;
import io.rap.fabric.domain.organization.OrganizationListing;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * One organization from the platform side: its egress pools (and which nodes back them, a
 * high-risk placement) and its entry points. The organization's own admins manage the rest.
 */
@Named
@ViewScoped
public class OrganizationPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    OrganizationService organizations;

    @Inject
    EgressPoolService pools;

    @Inject
    EntryPointService entryPoints;

    @Inject
    NodeService nodes;

    @Inject
    CurrentCaller caller;

    @Inject
    HighRiskActions highRisk;

    private String id;
    private String resume;
    private String stepUp;
    private OrganizationListing organization;
    private PagedModel<EgressPoolView> poolModel;
    private PagedModel<EntryPointView> entryModel;
    private List<EgressPoolView> poolChoices = List.of();
    private List<NodeSummary> nodeChoices = List.of();
    private String poolName;
    private String poolRegion;
    private String entryName;
    private String entryHost;
    private Integer entryPort = 443;
    private UUID backingPool;
    private UUID backingNode;

    public void load() {
        try {
            UUID orgId = UUID.fromString(id);
            organization = organizations.getListing(caller.get(), orgId);
            poolModel = new PagedModel<>(page -> pools.list(caller.get(), orgId, page));
            entryModel = new PagedModel<>(page -> entryPoints.list(caller.get(), orgId, page));
            PageRequest all = PageRequest.first(PageRequest.MAX_LIMIT);
            poolChoices = pools.list(caller.get(), orgId, all).items();
            nodeChoices = nodes.list(caller.get(), organization.clusterId(), all).items();
            if (resume != null) {
                highRisk.resume(resume, "failed".equals(stepUp), this::execute);
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            Messages.errorKey("organization.notFound");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void createPool() {
        try {
            EgressPoolView pool = pools.create(caller.get(), organization.id(), new NewEgressPool(poolName, poolRegion));
            Messages.info("pool.created", pool.name());
            poolName = poolRegion = null;
            poolChoices = pools.list(caller.get(), organization.id(), PageRequest.first(PageRequest.MAX_LIMIT)).items();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void createEntryPoint() {
        try {
            EntryPointView entry = entryPoints.create(caller.get(), organization.id(),
                    new NewEntryPoint(entryName, entryHost, entryPort));
            Messages.info("entry.created", entry.name());
            entryName = entryHost = null;
            entryPort = 443;
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** High-risk (step-up): a node starts carrying an organization's traffic. */
    public void addBackingNode() {
        highRisk.run(new ResumableAction("pool-node", backingPool, backingNode == null ? null : backingNode.toString(),
                "/organization.xhtml?id=" + organization.id()), this::execute);
    }

    private void execute(ResumableAction action) {
        if (!"pool-node".equals(action.kind())) {
            throw new IllegalArgumentException("unknown action " + action.kind());
        }
        UUID orgId = UUID.fromString(id);
        pools.addNode(caller.get(), orgId, action.target(),
                action.argument() == null ? null : UUID.fromString(action.argument()));
        Messages.info("pool.nodeAdded");
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public OrganizationListing getOrganization() { return organization; }
    public PagedModel<EgressPoolView> getPoolModel() { return poolModel; }
    public PagedModel<EntryPointView> getEntryModel() { return entryModel; }
    public List<EgressPoolView> getPoolChoices() { return poolChoices; }
    public List<NodeSummary> getNodeChoices() { return nodeChoices; }
    public String getPoolName() { return poolName; }
    public void setPoolName(String poolName) { this.poolName = poolName; }
    public String getPoolRegion() { return poolRegion; }
    public void setPoolRegion(String poolRegion) { this.poolRegion = poolRegion; }
    public String getEntryName() { return entryName; }
    public void setEntryName(String entryName) { this.entryName = entryName; }
    public String getEntryHost() { return entryHost; }
    public void setEntryHost(String entryHost) { this.entryHost = entryHost; }
    public Integer getEntryPort() { return entryPort; }
    public void setEntryPort(Integer entryPort) { this.entryPort = entryPort; }
    public UUID getBackingPool() { return backingPool; }
    public void setBackingPool(UUID backingPool) { this.backingPool = backingPool; }
    public UUID getBackingNode() { return backingNode; }
    public void setBackingNode(UUID backingNode) { this.backingNode = backingNode; }
}
