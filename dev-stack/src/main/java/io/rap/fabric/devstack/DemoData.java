package io.rap.fabric.devstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a freshly started dev stack with demonstration data through the real interfaces (a demo node agent
 * enrolling against {@code /node-api}, ...). Runs after the EAR is deployed, on every {@code ./rap-dev up};
 * it must therefore be idempotent.
 */
public final class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private DemoData() {
    }

    public static void seed(StackInfo stack) {
        LOG.info("demo agent: not yet wired");
    }
}
