package io.rap.fabric.domain.shared;

/** The object does not exist in the caller's scope (deliberately indistinguishable from "exists elsewhere"). */
public class NotFoundException extends DomainException {
    public NotFoundException(String what) {
        super("not_found", what + " not found");
    }
}
