package io.rap.fabric.domain.organization;

import java.util.UUID;

/** An entry point as the organization sees it: the public endpoint, not the nodes that serve it. */
public record EntryPointView(UUID id, String name, String publicHostname, int publicPort, String status) {

    static EntryPointView of(EntryPoint e) {
        return new EntryPointView(e.id(), e.name(), e.publicHostname(), e.publicPort(), e.status());
    }
}
