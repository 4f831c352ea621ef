package io.rap.fabric.agent.cli;

/** Process exit codes of {@code rap-node-agent}; scripts and systemd units rely on them. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** Not enrolled, or the enrollment was rejected or expired. */
    public static final int NOT_ENROLLED = 3;
    public static final int UNREACHABLE = 4;

    private ExitCodes() {
    }
}
