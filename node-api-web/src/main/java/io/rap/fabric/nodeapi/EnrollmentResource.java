package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.EnrollmentSubmission;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.protocol.EnrollmentAccepted;
import io.rap.fabric.protocol.EnrollmentRequest;
import io.rap.fabric.protocol.EnrollmentStatus;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.NodeProof;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.UUID;

@Path("/enrollments")
@Produces(MediaType.APPLICATION_JSON)
public class EnrollmentResource {

    @Inject
    EnrollmentService enrollments;

    @Inject
    RequestUris uris;

    @Inject
    EnrollmentRateLimit rateLimit;

    @Context
    UriInfo uriInfo;

    @Context
    HttpServletRequest servletRequest;

    /**
     * Authenticated by the join token in the body; answers 202 with the request id to poll, or 429
     * when the source address or the token made too many attempts in the last minute. An optional
     * {@code nodeClaim} that does not prove its node is refused with 401 {@code invalid_node_claim}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(InputStream body) {
        rateLimit.checkAddress(servletRequest.getRemoteAddr());
        EnrollmentRequest request = EnrollmentRequest.fromJson(Json.parse(RequestBodies.read(body)));
        rateLimit.checkToken(request.joinToken());
        // The claim's proof is bound to the URI the agent posted to, as every node proof is.
        EnrollmentSubmission.Claim claim = request.nodeClaim() == null ? null : new EnrollmentSubmission.Claim(
                request.nodeClaim().nodeId(), request.nodeClaim().proof(), uris.addressed(uriInfo));
        EnrollmentOutcome outcome = enrollments.submit(new EnrollmentSubmission(request.joinToken(), request.csrPem(),
                request.nodeName(), Facts.of(request.facts()), request.capabilities(), request.requestedRoles(),
                request.agentVersion(), servletRequest.getRemoteAddr(), claim));
        return Response.accepted(new EnrollmentAccepted(outcome.requestId(), outcome.status()).toJson())
                .location(uriInfo.getAbsolutePathBuilder().path(outcome.requestId().toString()).build())
                .build();
    }

    /** Polled with a proof made by the key of the request's CSR. */
    @GET
    @Path("/{id}")
    public Response status(@PathParam("id") String id, @HeaderParam(NodeProof.HEADER) String proof) {
        EnrollmentOutcome outcome = enrollments.status(Ids.parse(id),
                new SignedRequest(proof, "GET", uris.addressed(uriInfo), new byte[0], servletRequest.getRemoteAddr()));
        return Response.ok(new EnrollmentStatus(outcome.requestId(), outcome.status(), outcome.reason(),
                outcome.nodeId(), outcome.clusterId(), outcome.certificatePem(), outcome.caCertificatePem()).toJson())
                .header("Cache-Control", "no-store").build();
    }
}
