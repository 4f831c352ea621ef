package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.link.LinkInventory;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.HeartbeatResult;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.snapshot.SnapshotService;
import io.rap.fabric.domain.workload.DesiredStateService;
import io.rap.fabric.domain.trust.CertificateRotationService;
import io.rap.fabric.domain.trust.IssuedCertificate;
import io.rap.fabric.domain.trust.NodeCertificateService;
import io.rap.fabric.domain.trust.RevocationList;
import io.rap.fabric.protocol.CertificateIssued;
import io.rap.fabric.protocol.CertificateRenewal;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.MembershipLeave;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.WorkloadReport;
import io.rap.fabric.protocol.Revocation;
import io.rap.fabric.protocol.Revocations;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.UUID;

/** Resources of one node; the id in the path must be the node the proof's key belongs to. */
@Path("/nodes/{nodeId}")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {

    @Inject
    NodeService nodes;

    @Inject
    DesiredStateService desiredStates;

    @Inject
    CertificateRotationService rotations;

    @Inject
    NodeCertificateService certificates;

    @Inject
    SnapshotService snapshots;

    @Inject
    LinkInventory links;

    @Inject
    RequestUris uris;

    @Context
    UriInfo uriInfo;

    /** The source address goes into the audit of refused requests. */
    @Context
    HttpServletRequest servletRequest;

    @POST
    @Path("/heartbeats")
    @Consumes(MediaType.APPLICATION_JSON)
    public jakarta.json.JsonObject heartbeat(@PathParam("nodeId") String nodeId,
                                             @HeaderParam(NodeProof.HEADER) String proof, InputStream body) {
        byte[] bytes = RequestBodies.read(body);
        Heartbeat heartbeat = Heartbeat.fromJson(Json.parse(bytes));
        String workloads = Json.arrayBuilder().build().toString();
        if (!heartbeat.workloads().isEmpty()) {
            var array = Json.arrayBuilder();
            heartbeat.workloads().stream().map(WorkloadState::toJson).forEach(array::add);
            workloads = array.build().toString();
        }
        HeartbeatResult result = nodes.recordHeartbeat(Ids.parse(nodeId),
                new SignedRequest(proof, "POST", uris.addressed(uriInfo), bytes, servletRequest.getRemoteAddr()),
                new HeartbeatReport(heartbeat.clusterId(), heartbeat.health(), heartbeat.agentVersion(),
                        heartbeat.sentAt(), workloads, heartbeat.facts() == null ? null : Facts.of(heartbeat.facts()),
                        heartbeat.runtime() == null ? null : heartbeat.runtime().toJson().toString()));
        return new HeartbeatAck(result.receivedAt(), result.desiredStateVersion(), result.membershipStatus(),
                result.rotationRequestedAt()).toJson();
    }

    /** The roles and authorized workloads of one membership; the proof covers a GET with an empty body. */
    @GET
    @Path("/desired-state")
    public jakarta.json.JsonObject desiredState(@PathParam("nodeId") String nodeId,
                                                @QueryParam("cluster") String cluster,
                                                @HeaderParam(NodeProof.HEADER) String proof) {
        UUID node = Ids.parse(nodeId);
        UUID clusterId = Ids.query("cluster", cluster);
        return desiredStates.desiredState(node, clusterId,
                new SignedRequest(proof, "GET", uris.addressed(uriInfo), new byte[0])).toJson();
    }

    @POST
    @Path("/workload-reports")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response workloadReport(@PathParam("nodeId") String nodeId, @HeaderParam(NodeProof.HEADER) String proof,
                                   InputStream body) {
        byte[] bytes = RequestBodies.read(body);
        WorkloadReport report = WorkloadReport.fromJson(Json.parse(bytes));
        desiredStates.reportWorkloads(Ids.parse(nodeId), report.clusterId(),
                new SignedRequest(proof, "POST", uris.addressed(uriInfo), bytes), report.workloads());
        return Response.noContent().build();
    }

    /**
     * Route health for the link inventory: the latest figures per path are kept, a report measured
     * before the stored one changes nothing, and links naming nodes outside the cluster are ignored
     * (see {@link LinkInventory#record}). Telemetry: {@code 204}, no audit event unless refused.
     */
    @POST
    @Path("/links")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response links(@PathParam("nodeId") String nodeId, @HeaderParam(NodeProof.HEADER) String proof,
                          InputStream body) {
        byte[] bytes = RequestBodies.read(body);
        LinkReport report = LinkReport.fromJson(Json.parse(bytes));
        links.record(Ids.parse(nodeId), new SignedRequest(proof, "POST", uris.addressed(uriInfo), bytes,
                servletRequest.getRemoteAddr()), report);
        return Response.noContent().build();
    }

    /**
     * Rotation: a certificate for the CSR's new key, proven with the key of a certificate the node
     * still holds. Repeating the same CSR returns the same certificate.
     */
    @POST
    @Path("/certificates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response renewCertificate(@PathParam("nodeId") String nodeId, @HeaderParam(NodeProof.HEADER) String proof,
                                     InputStream body) {
        byte[] bytes = RequestBodies.read(body);
        CertificateRenewal renewal = CertificateRenewal.fromJson(Json.parse(bytes));
        IssuedCertificate issued = rotations.rotate(Ids.parse(nodeId), renewal.clusterId(),
                new SignedRequest(proof, "POST", uris.addressed(uriInfo), bytes), renewal.csrPem());
        return Response.ok(new CertificateIssued(issued.serialHex(), issued.certificatePem(),
                issued.caCertificatePem(), issued.notBefore(), issued.notAfter()).toJson())
                .header("Cache-Control", "no-store").build();
    }

    /** The cluster's revoked, unexpired certificates, for a member node (proof over an empty body). */
    @GET
    @Path("/revocations")
    public jakarta.json.JsonObject revocations(@PathParam("nodeId") String nodeId,
                                               @QueryParam("cluster") String cluster,
                                               @HeaderParam(NodeProof.HEADER) String proof) {
        RevocationList list = certificates.revocations(Ids.parse(nodeId), Ids.query("cluster", cluster),
                new SignedRequest(proof, "GET", uris.addressed(uriInfo), new byte[0]));
        return new Revocations(list.clusterId(), list.generatedAt(), list.revoked().stream()
                .map(r -> new Revocation(r.serial(), r.revokedAt(), r.notAfter())).toList()).toJson();
    }

    /**
     * The membership's signed need-to-know snapshot (proof over an empty body). The agent checks
     * the signature against its cluster CA; this answer is only the transport.
     */
    @GET
    @Path("/snapshot")
    public Response snapshot(@PathParam("nodeId") String nodeId, @QueryParam("cluster") String cluster,
                             @HeaderParam(NodeProof.HEADER) String proof) {
        return Response.ok(snapshots.current(Ids.parse(nodeId), Ids.query("cluster", cluster),
                new SignedRequest(proof, "GET", uris.addressed(uriInfo), new byte[0])).toJson())
                .header("Cache-Control", "no-store").build();
    }

    /** The node leaves the cluster: membership {@code left}, its certificates there revoked at once. */
    @POST
    @Path("/leave")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response leave(@PathParam("nodeId") String nodeId, @HeaderParam(NodeProof.HEADER) String proof,
                          InputStream body) {
        byte[] bytes = RequestBodies.read(body);
        MembershipLeave leave = MembershipLeave.fromJson(Json.parse(bytes));
        nodes.leave(Ids.parse(nodeId), leave.clusterId(), new SignedRequest(proof, "POST", uris.addressed(uriInfo), bytes));
        return Response.noContent().build();
    }
}
