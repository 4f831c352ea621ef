package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.node.HostFactsRecord;
import io.rap.fabric.protocol.HostFacts;

final class Facts {

    private Facts() {
    }

    static HostFactsRecord of(HostFacts facts) {
        return new HostFactsRecord(facts.hostname(), facts.os(), facts.kernel(), facts.arch(), facts.cpuCount(),
                facts.memoryBytes(), facts.addresses(), facts.hostFingerprint(), facts.toJson().toString());
    }
}
