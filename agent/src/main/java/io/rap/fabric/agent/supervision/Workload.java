package io.rap.fabric.agent.supervision;

/**
 * One started instance of a workload. Every method is called from the supervisor's thread
 * and must return quickly: waiting happens by asking {@link #health()} again later.
 */
interface Workload {

    /**
     * Starts it.
     *
     * @throws WorkloadException when it cannot start; the supervisor retries with backoff
     */
    void start();

    /** Non-blocking probe. */
    Health health();

    /** Asks it to stop; {@link #health()} turns {@link Health.Phase#EXITED} when it did. */
    void stop();

    /** Ends it at once, after {@link #stop()} was not heeded in time. */
    void kill();

    /** For the log, once started: e.g. the process id or the bound port. */
    String describe();

    /** What a probe saw. */
    record Health(Phase phase, String detail) {

        enum Phase { STARTING, RUNNING, EXITED }

        static final Health STARTING = new Health(Phase.STARTING, null);
        static final Health RUNNING = new Health(Phase.RUNNING, null);

        static Health exited(String detail) {
            return new Health(Phase.EXITED, detail);
        }
    }
}
