package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.cluster.AuthorityNotHealthyException;
import io.rap.fabric.domain.enrollment.EnrollmentRefusedException;
import io.rap.fabric.domain.enrollment.NodeClaimRefusedException;
import io.rap.fabric.domain.infrastructure.config.MissingConfigurationException;
import io.rap.fabric.domain.node.NodeAuthenticationException;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.Problem;
import io.rap.fabric.protocol.ProtocolException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single translation of failures into RFC 9457 problems. Domain and protocol messages are
 * written to be shown; anything unexpected is logged here and answered without detail.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        Throwable e = unwrap(failure);
        Problem problem;
        if (e instanceof ProtocolException pe) {
            problem = Problem.of(pe);
        } else if (e instanceof DomainException de) {
            problem = domain(de);
        } else if (e instanceof WebApplicationException we) {
            int status = we.getResponse().getStatus();
            problem = Problem.of("http_" + status, status, Response.Status.fromStatusCode(status) == null
                    ? "HTTP error" : Response.Status.fromStatusCode(status).getReasonPhrase(), null);
        } else {
            LOG.log(Level.SEVERE, "unexpected failure in the node API", failure);
            problem = Problem.of("internal_error", 500, "Internal error", "The server failed; the incident is logged");
        }
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .entity(problem.toJson().toString());
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "DPoP algs=\"ES256\"");
        }
        if (e instanceof RateLimitedException limited) {
            response.header("Retry-After", limited.retryAfterSeconds());
        }
        return response.build();
    }

    private static Problem domain(DomainException e) {
        int status;
        String title;
        if (e instanceof RateLimitedException) {
            status = 429;
            title = "Too many requests";
        } else if (e instanceof NotFoundException) {
            status = 404;
            title = "Not found";
        } else if (e instanceof ValidationException) {
            status = 400;
            title = "Invalid request";
        } else if (e instanceof ConflictException || e instanceof AuthorityNotHealthyException) {
            status = 409;
            title = "Conflict";
        } else if (e instanceof NodeAuthenticationException) {
            status = 401;
            title = "Node authentication failed";
        } else if (e instanceof NodeClaimRefusedException) {
            status = 401; // the claim is a credential (a key of the node) that did not authenticate
            title = "Node claim refused";
        } else if (e instanceof EnrollmentRefusedException) {
            status = e.code().startsWith("token_") ? 401 : 403;
            title = "Enrollment refused";
        } else if (e instanceof AccessDeniedException) {
            status = 403;
            title = "Forbidden";
        } else if (e instanceof MissingConfigurationException) {
            LOG.severe(e.getMessage());
            status = 503;
            title = "Server not configured";
        } else {
            status = 400;
            title = "Refused";
        }
        return Problem.of(e.code(), status, title, e.getMessage());
    }

    /** CDI interceptors (transactions) may wrap domain exceptions. */
    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        for (int depth = 0; depth < 5 && current != null; depth++) {
            if (current instanceof DomainException || current instanceof ProtocolException
                    || current instanceof WebApplicationException) {
                return current;
            }
            current = current.getCause();
        }
        return e;
    }
}
