package io.rap.fabric.domain.organization;

/** Input of {@link EntryPointService#create}: the public endpoint people of the organization connect to. */
public record NewEntryPoint(String name, String publicHostname, Integer publicPort) {
}
