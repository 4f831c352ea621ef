package io.rap.fabric.web;

import java.io.Serializable;
import java.util.UUID;

/**
 * A high-risk action the person asked for, held server-side while they confirm with their
 * one-time code; {@code cluster} is the page's cluster in the cluster portal, so the action
 * resumes for that one only ({@code null} where the page is not bound to one cluster).
 */
public record ResumableAction(String kind, UUID cluster, UUID target, String argument, String page)
        implements Serializable {

    /** An action of a page that works across clusters (the owner console). */
    public ResumableAction(String kind, UUID target, String argument, String page) {
        this(kind, null, target, argument, page);
    }
}
