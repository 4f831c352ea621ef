package io.rap.fabric.agent.supervision;

/**
 * This agent will not run a workload at all (unsupported type, executable not on the
 * allow-list, unusable settings): it is reported {@code degraded} with this reason and
 * never started, until the desired state changes.
 */
class RefusedWorkloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RefusedWorkloadException(String reason) {
        super(reason);
    }
}
