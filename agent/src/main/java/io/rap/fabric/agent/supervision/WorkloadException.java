package io.rap.fabric.agent.supervision;

/** A workload could not be started; the message is reported to the control plane. */
class WorkloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WorkloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
