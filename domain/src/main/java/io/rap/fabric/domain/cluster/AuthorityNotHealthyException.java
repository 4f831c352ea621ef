package io.rap.fabric.domain.cluster;

import io.rap.fabric.domain.shared.DomainException;

/** Trust mutations are refused while the cluster's authority is not healthy (e.g. a minority partition). */
public class AuthorityNotHealthyException extends DomainException {
    public AuthorityNotHealthyException(String state) {
        super("authority_not_healthy", "The cluster's authority state is '" + state
                + "': trust changes are refused until the platform owner recovers it");
    }
}
