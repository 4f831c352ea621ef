package io.rap.fabric.domain.infrastructure.jpa;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Runs the Flyway migrations while Hibernate builds the session factory, before it validates the
 * mapping against the schema ({@code hbm2ddl.auto=validate}). A {@code @Startup} bean would run
 * too late: WildFly starts the persistence unit first. Only persistence units that set
 * {@value #ENABLE_PROPERTY}=true are migrated, so test units and tools are left alone.
 */
public class FlywayIntegrator implements Integrator {

    public static final String ENABLE_PROPERTY = "rap.flyway.migrate";

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
                          SessionFactoryImplementor sessionFactory) {
        Object enabled = sessionFactory.getProperties().get(ENABLE_PROPERTY);
        if (!"true".equals(String.valueOf(enabled))) {
            return;
        }
        DataSource dataSource = sessionFactory.getServiceRegistry().requireService(ConnectionProvider.class)
                .unwrap(DataSource.class);
        Flyway.configure(FlywayIntegrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        // nothing to release
    }
}
