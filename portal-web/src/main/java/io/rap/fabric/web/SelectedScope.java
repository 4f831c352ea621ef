package io.rap.fabric.web;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.UUID;

/**
 * Which of their clusters or organizations the person is working in; only a preference, never a
 * permission (every domain call checks the grant).
 */
@SessionScoped
public class SelectedScope implements Serializable {

    private static final long serialVersionUID = 1L;

    private UUID id;

    public synchronized UUID id() {
        return id;
    }

    public synchronized void select(UUID id) {
        this.id = id;
    }
}
