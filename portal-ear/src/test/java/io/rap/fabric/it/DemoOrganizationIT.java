package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.DemoData;
import io.rap.fabric.devstack.demo.OwnerConsole;
import io.rap.fabric.devstack.keycloak.DemoUser;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo organization step of {@code ./rap-dev} against the test stack: the owner console's
 * Organizations and Access pages and the organization portal's forms, driven over HTTP exactly as
 * {@link DemoData} does, and a second run that changes nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoOrganizationIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void seedsTheDemoOrganizationThroughBothPortalsOnce() throws Exception {
        DemoUser owner = TestStack.user("owner");
        OwnerConsole console = new OwnerConsole(TestStack.portalUrl(), owner.username(), owner.password(),
                owner.totpSecretBase32());
        console.login();

        assertThat(DemoData.seedOrganization(console, TestStack.portalUrl(), TestStack.user("org-admin"))).isTrue();
        assertThat(console.findOrganization(DemoData.ORGANIZATION_NAME)).isPresent();
        assertThat(DemoData.seedOrganization(console, TestStack.portalUrl(), TestStack.user("org-admin"))).isFalse();
    }

    /**
     * The demo cluster grant: made once, and a second run (the next {@code ./rap-dev up}) keeps it
     * without an error. A name of its own, so the demo {@code cluster-admin}'s grants, which other
     * tests set up, stay as they are.
     */
    @Test
    void grantsTheDemoClusterOnceAndKeepsItOnTheNextRun() throws Exception {
        DemoUser owner = TestStack.user("owner");
        OwnerConsole console = new OwnerConsole(TestStack.portalUrl(), owner.username(), owner.password(),
                owner.totpSecretBase32());
        console.login();
        String admin = "demo-cluster-admin-" + java.util.UUID.randomUUID().toString().substring(0, 8);

        DemoData.seedClusterAdmin(console, admin);
        DemoData.seedClusterAdmin(console, admin);

        assertThat(console.activeGrants(admin)).containsExactly("cluster:" + DemoData.CLUSTER_NAME);
    }
}
