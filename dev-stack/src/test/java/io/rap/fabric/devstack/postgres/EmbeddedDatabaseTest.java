package io.rap.fabric.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real PostgreSQL servers (about 2 s each; initdb works as root too). */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void createsTheApplicationRoleAndDatabaseAndKeepsDataAcrossRestarts() throws Exception {
        Path data = dir.resolve("pgdata");
        int port = freePort();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port, "rap", "rap", "first", false, dir.resolve("pg.log"))) {
            assertThat(db.settings().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/rap");
            assertThat(ProcessHandle.of(db.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            execute(db.settings(), "create table kept (id int)");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port, "rap", "rap", "second", false, dir.resolve("pg.log"))) {
            assertThat(db.settings().password()).isEqualTo("second");
            assertThat(query(db.settings(), "select count(*) from kept")).isZero();
            assertThat(query(db.settings(), "select count(*) from pg_tables where tableowner = 'rap'")).isEqualTo(1);
        }
    }

    @Test
    void aFreshDatabaseStartsEmptyAndIsStoppedOnClose() throws Exception {
        Path data = dir.resolve("pgdata");
        int port = freePort();
        long pid;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port, "rap", "rap", "pw", true, dir.resolve("pg.log"))) {
            execute(db.settings(), "create table gone (id int)");
            pid = db.pid();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port, "rap", "rap", "pw", true, dir.resolve("pg.log"))) {
            assertThat(query(db.settings(), "select count(*) from pg_tables where tablename = 'gone'")).isZero();
        }
    }

    private static void execute(DatabaseSettings db, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long query(DatabaseSettings db, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
