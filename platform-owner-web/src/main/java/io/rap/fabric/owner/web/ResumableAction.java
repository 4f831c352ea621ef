package io.rap.fabric.owner.web;

import java.io.Serializable;
import java.util.UUID;

/** A high-risk action the person asked for, held server-side while they confirm with their one-time code. */
public record ResumableAction(String kind, UUID target, String argument, String page) implements Serializable {
}
