package io.rap.fabric.agent.fabric;

/**
 * The UDP ports a relay may open for forwarding bindings ({@link RelayBindings}): one port per
 * binding, so the range also caps how many bindings the relay holds at once. {@link #EPHEMERAL}
 * lets the kernel choose (fine where nothing filters UDP between nodes); behind a firewall the
 * operator opens a fixed range and sets it as the echo workload's {@code relay-ports} setting.
 *
 * @param first the first port, or 0 for ephemeral ports
 * @param last  the last port (inclusive), or 0 for ephemeral ports
 */
public record RelayPorts(int first, int last) {

    public static final RelayPorts EPHEMERAL = new RelayPorts(0, 0);
    /** Bindings a relay holds at most on ephemeral ports. */
    static final int EPHEMERAL_CAPACITY = 1024;

    public RelayPorts {
        boolean ephemeral = first == 0 && last == 0;
        if (!ephemeral && (first < 1024 || last > 65535 || last < first)) {
            throw new IllegalArgumentException("a relay port range is first-last with 1024 <= first <= last <= 65535,"
                    + " not " + first + "-" + last);
        }
    }

    /**
     * @param text {@code first-last}, e.g. {@code 40000-40999}, or a single port
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static RelayPorts parse(String text) {
        String[] parts = text.strip().split("-", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("a relay port range is first-last, e.g. 40000-40999, not " + text);
        }
        try {
            int first = Integer.parseInt(parts[0].strip());
            int last = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : first;
            if (first == 0 && last == 0) {
                throw new IllegalArgumentException("port 0 is not a range; leave the setting out for ephemeral ports");
            }
            return new RelayPorts(first, last);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a relay port range is first-last, e.g. 40000-40999, not " + text, e);
        }
    }

    public boolean isEphemeral() {
        return first == 0;
    }

    /** How many bindings the relay may hold at once. */
    int capacity() {
        return isEphemeral() ? EPHEMERAL_CAPACITY : last - first + 1;
    }

    @Override
    public String toString() {
        return isEphemeral() ? "ephemeral" : first + "-" + last;
    }
}
