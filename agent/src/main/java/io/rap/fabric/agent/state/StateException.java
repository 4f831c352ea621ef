package io.rap.fabric.agent.state;

import java.nio.file.Path;

/** Node-local state that cannot be read or written; the message names the file. */
public class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public StateException(Path file, String message) {
        this(file, message, null);
    }

    public StateException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
