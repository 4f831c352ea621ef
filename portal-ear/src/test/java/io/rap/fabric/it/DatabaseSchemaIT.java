package io.rap.fabric.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rap.fabric.domain.infrastructure.config.RapConfig;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside WildFly, in a test WAR added to the real EAR: the datasource from the provisioned server reaches
 * the test stack's PostgreSQL, Flyway migrated it at deployment, the persistence unit {@code rap} validated
 * against that schema, and the server received the settings the test stack generated. (JUnit assertions only:
 * AssertJ is not deployed.)
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseSchemaIT {

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    @PersistenceContext(unitName = "rap")
    EntityManager entityManager;

    @Inject
    RapConfig config;

    @Deployment
    static EnterpriseArchive application() {
        return Deployments.earWithTestWar(DatabaseSchemaIT.class);
    }

    @Test
    void flywayMigratedTheDatabaseBeforeJpaStarted() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "select count(*), count(*) filter (where not success) from flyway_schema_history")) {
            assertTrue(result.next());
            assertTrue(result.getInt(1) > 0, "flyway_schema_history has no entries");
            assertEquals(0, result.getInt(2), "failed migrations in flyway_schema_history");
        }
        assertFalse(entityManager.getMetamodel().getEntities().isEmpty(), "persistence unit rap has no entities");
        assertEquals(1, ((Number) entityManager.createNativeQuery("select 1").getSingleResult()).intValue());
    }

    @Test
    void serverReceivedTheGeneratedKeyEncryptionKey() {
        assertTrue(config.get("RAP_CA_KEK").isPresent(), "RAP_CA_KEK / rap.ca.kek did not reach WildFly");
    }
}
