package io.rap.fabric.cluster.web;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.UUID;

/** Which of their clusters the person is working in; only a preference, never a permission. */
@SessionScoped
public class SelectedCluster implements Serializable {

    private static final long serialVersionUID = 1L;

    private UUID id;

    public synchronized UUID id() {
        return id;
    }

    public synchronized void select(UUID id) {
        this.id = id;
    }
}
