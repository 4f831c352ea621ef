package io.rap.fabric.cluster.web;

import java.io.Serializable;
import java.util.UUID;

/**
 * A high-risk action the person asked for, held server-side while they confirm with their
 * one-time code; {@code cluster} is the page's cluster, so the action resumes for that one only.
 */
public record ResumableAction(String kind, UUID cluster, UUID target, String argument, String page)
        implements Serializable {
}
