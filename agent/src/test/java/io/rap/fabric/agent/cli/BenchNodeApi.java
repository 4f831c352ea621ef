package io.rap.fabric.agent.cli;

/**
 * {@link FakeNodeApi} as a standalone process for {@code agent/bench/idle.sh}: approves
 * enrollments at once, prints its URL on the first line and serves until killed.
 */
public final class BenchNodeApi {

    private BenchNodeApi() {
    }

    public static void main(String[] args) throws Exception {
        FakeNodeApi api = new FakeNodeApi();
        api.pendingPolls = 0;
        System.out.println(api.url());
        System.out.flush();
        Thread.currentThread().join();
    }
}
