package io.rap.fabric.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Deployments for {@code @Deployment} methods. Every test deploys the real EAR this module built
 * ({@code target/rap.ear}), never a hand-picked set of classes:
 * <ul>
 *   <li>{@link #ear()} for {@code @RunAsClient} tests ({@code @Deployment(testable = false)});</li>
 *   <li>{@link #earWithTestWar(Class[])} for tests that run inside WildFly: the EAR plus {@value #TEST_WAR}
 *       (context {@value #TEST_CONTEXT_ROOT}) holding the test classes, which see the domain in the EAR's
 *       {@code lib/} and can {@code @Inject} its beans.</li>
 * </ul>
 */
public final class Deployments {

    /** Set by failsafe to the EAR file; the default works when a test runs from portal-ear in an IDE. */
    public static final String EAR_PROPERTY = "rap.it.ear";
    public static final String TEST_WAR = "rap-it.war";
    public static final String TEST_CONTEXT_ROOT = "/rap-it";
    public static final String HELPER_WAR = "rap-it-helper.war";
    public static final String HELPER_CONTEXT_ROOT = "/rap-it-helper";

    private static final ArchivePath APPLICATION_XML = ArchivePaths.create("META-INF/application.xml");

    private Deployments() {
    }

    public static EnterpriseArchive ear() {
        Path file = Path.of(System.getProperty(EAR_PROPERTY, "target/rap.ear")).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no EAR at " + file + ": build portal-ear first (./mvnw -pl portal-ear -am package)");
        }
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, file.toFile());
    }

    public static EnterpriseArchive earWithTestWar(Class<?>... testClasses) {
        return earWithTestWar(war -> { }, testClasses);
    }

    /** As above; {@code customize} may add to the test WAR, e.g. settings the in-container test reads. */
    public static EnterpriseArchive earWithTestWar(java.util.function.Consumer<WebArchive> customize,
                                                   Class<?>... testClasses) {
        WebArchive tests = ShrinkWrap.create(WebArchive.class, TEST_WAR)
                .addClasses(testClasses)
                .addAsLibraries(jarOf(org.assertj.core.api.Assertions.class))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        customize.accept(tests);
        EnterpriseArchive ear = ear();
        ear.addAsModule(Testable.archiveToTest(tests));
        declareWebModule(ear, TEST_WAR, TEST_CONTEXT_ROOT);
        return ear;
    }

    /**
     * The EAR plus {@value #HELPER_WAR} (context {@value #HELPER_CONTEXT_ROOT}): test-only servlets that
     * {@code @RunAsClient} tests call over HTTP to prepare data through the domain. Never part of the real EAR.
     */
    public static EnterpriseArchive earWithHelperWar(Class<?>... helperClasses) {
        WebArchive helpers = ShrinkWrap.create(WebArchive.class, HELPER_WAR)
                .addClasses(helperClasses)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        EnterpriseArchive ear = ear();
        ear.addAsModule(helpers);
        declareWebModule(ear, HELPER_WAR, HELPER_CONTEXT_ROOT);
        return ear;
    }

    /** The jar a test-classpath class came from, to ship test libraries (AssertJ) inside the test WAR. */
    private static java.io.File jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The generated application.xml lists its modules; one that is not listed is not deployed. */
    private static void declareWebModule(EnterpriseArchive ear, String warName, String contextRoot) {
        Node node = ear.get(APPLICATION_XML);
        if (node == null) {
            return; // without a descriptor every WAR is a module, context root = file name
        }
        String xml;
        try (InputStream in = node.getAsset().openStream()) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = xml.lastIndexOf("</application>");
        if (end < 0) {
            throw new IllegalStateException("unexpected application.xml in " + ear.getName());
        }
        String module = "  <module>\n    <web>\n      <web-uri>" + warName + "</web-uri>\n      <context-root>"
                + contextRoot + "</context-root>\n    </web>\n  </module>\n";
        ear.delete(APPLICATION_XML);
        ear.setApplicationXML(new StringAsset(xml.substring(0, end) + module + xml.substring(end)));
    }
}
