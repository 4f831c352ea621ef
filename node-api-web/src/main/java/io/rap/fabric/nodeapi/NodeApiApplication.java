package io.rap.fabric.nodeapi;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The agents' API, {@code /node-api/v1}: JSON in and out, refusals as RFC 9457 problems. */
@ApplicationPath("/v1")
public class NodeApiApplication extends Application {
}
