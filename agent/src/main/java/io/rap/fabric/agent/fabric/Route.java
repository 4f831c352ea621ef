package io.rap.fabric.agent.fabric;

import java.util.Objects;
import java.util.UUID;

/** A path to a destination node: direct ({@code via == null}) or through one relay. */
public record Route(UUID destination, UUID via) {

    public Route {
        Objects.requireNonNull(destination, "destination");
        if (destination.equals(via)) {
            throw new IllegalArgumentException("a node cannot relay to itself");
        }
    }

    public static Route direct(UUID destination) {
        return new Route(destination, null);
    }

    public static Route via(UUID relay, UUID destination) {
        return new Route(destination, relay);
    }

    public boolean isDirect() {
        return via == null;
    }

    /** The node this node connects to for the route. */
    public UUID firstHop() {
        return via == null ? destination : via;
    }

    @Override
    public String toString() {
        return via == null ? "direct to " + destination : "to " + destination + " via " + via;
    }
}
