package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The isolation matrix of issue 6 over every portal page and a mutation of every page that has
 * actions, for seven actors, written as a report ({@value #REPORT}) that also lists the
 * domain-level matrices.
 *
 * <p>Actors are distinct people of the test realm ({@link TestStack#CLUSTER_ADMIN_Y},
 * {@link TestStack#ORG_ADMIN_B} and {@link TestStack#NO_GRANT} exist only there): switching one
 * demo account's grants between phases would also work, since the server decides by grants, but
 * distinct people let all seven sessions be open at once, so a mix-up between sessions (a view
 * state or a cached scope of one person serving another) would show up as a failing row. The
 * person without a grant holds both tenant-portal roles, so the container lets them in and only
 * the grants can keep them out.
 *
 * <p>Each person logs in once through the real Keycloak in headless Chromium (password + TOTP);
 * the portal session cookies are then copied into a plain HTTP client, which sees the status
 * codes a browser hides and is fast enough for the few hundred requests.
 *
 * <p>The page list is declared here and compared with the {@code .xhtml} files inside the WARs of
 * the EAR under test: a new page without a line below fails the test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalIsolationMatrixIT {

    static final String REPORT = "target/isolation-matrix.md";
    private static final Path SERVER_LOG = Path.of("target/it-server/standalone/log");
    private static final Path CLUSTER_DOMAIN_MATRIX = SERVER_LOG.resolve(DomainMatrix.CLUSTER);
    private static final Path ORG_DOMAIN_MATRIX = SERVER_LOG.resolve(DomainMatrix.ORGANIZATION);
    /** Words of the message a refused select value gets (bundle key jakarta.faces.component.UISelect*.INVALID). */
    private static final String NOT_A_CHOICE = "is not one of the choices on this page";
    /** Words of the message an expired (or foreign) view state is reloaded with ({@code page.expired}). */
    private static final String EXPIRED = "nothing was changed";
    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-00000000d1e5";
    private static final Pattern VIEW_STATE = Pattern.compile(
            "name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]+)\"");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithHelperWar(MatrixSeedServlet.class, OrgFixtures.class, OrgFixtures.Tenant.class,
                OrgFixtures.EnrolledNode.class, TrustFixtures.class);
    }

    enum Actor {
        OWNER("owner", "/owner"),
        CLUSTER_ADMIN_X("cluster-admin", "/cluster"),
        CLUSTER_ADMIN_Y(TestStack.CLUSTER_ADMIN_Y, "/cluster"),
        ORG_ADMIN_A("org-admin", "/org"),
        ORG_ADMIN_B(TestStack.ORG_ADMIN_B, "/org"),
        NO_GRANT(TestStack.NO_GRANT, "/cluster"),
        ANONYMOUS(null, null);

        final String username;
        final String home;

        Actor(String username, String home) {
            this.username = username;
            this.home = home;
        }
    }

    /** What a request may end in. */
    enum Outcome {
        /** 200 with the page's marker element (and, on a dashboard, the actor's own tenant's name). */
        ALLOW,
        /** 200 with the page's "not found" block and none of the object's data. */
        NOT_FOUND,
        /** 200 with the portal's "no cluster/organization assigned" block and no data. */
        NO_SCOPE,
        /** 403 from the container's role constraint. */
        FORBIDDEN,
        /** a redirect to Keycloak's login. */
        LOGIN,
        /** a form post that changed what it should (the positive control of an action). */
        APPLIED,
        /**
         * a form post that changed nothing at all: answered 200 (a refusal message, or a row button
         * outside the page), a reload of the same page with the "expired" message (a view state this
         * session does not hold), or a redirect to step-up (the action is parked, nothing ran yet).
         */
        REFUSED
    }

    /** One page, its marker element, and the object ids its view parameter is tried with. */
    record PageSpec(String portal, String file, String marker, String param, List<String> objects) {
    }

    private static PageSpec page(String portal, String file, String marker) {
        return new PageSpec(portal, file, marker, null, List.of());
    }

    private static PageSpec page(String portal, String file, String marker, String param, String... objects) {
        return new PageSpec(portal, file, marker, param, List.of(objects));
    }

    /**
     * Every page of the three portals: adding a page is one line. Objects name seed keys
     * ({@code nodeX}: X's node) or {@code malformed}.
     */
    private static final List<PageSpec> PAGES = List.of(
            page("/owner", "index.xhtml", "card-clusters"),
            page("/owner", "clusters.xhtml", "clusters"),
            page("/owner", "cluster.xhtml", "facts", "id", "clusterX"),
            page("/owner", "nodes.xhtml", "nodes"),
            page("/owner", "node.xhtml", "node-facts", "id", "nodeX"),
            page("/owner", "join-requests.xhtml", "requests"),
            page("/owner", "organizations.xhtml", "organizations"),
            page("/owner", "organization.xhtml", "pools", "id", "orgA"),
            page("/owner", "access.xhtml", "grants"),
            page("/owner", "audit.xhtml", "audit"),
            page("/owner", "health.xhtml", "alerts"),
            page("/owner", "compare.xhtml", "compare"),
            page("/owner", "trust.xhtml", "authorities", "id", "clusterX"),
            page("/owner", "workloads.xhtml", "workloads", "id", "clusterX"),
            page("/owner", "telemetry.xhtml", "flags"),
            page("/cluster", "index.xhtml", "cluster-name"),
            page("/cluster", "nodes.xhtml", "nodes"),
            page("/cluster", "node.xhtml", "node-facts", "id", "nodeX", "nodeY", "malformed"),
            page("/cluster", "join-requests.xhtml", "requests"),
            page("/cluster", "groups.xhtml", "create", "group", "groupX", "groupY", "malformed"),
            page("/cluster", "audit.xhtml", "audit"),
            page("/org", "index.xhtml", "card-users"),
            page("/org", "resources.xhtml", "resources"),
            page("/org", "users.xhtml", "users"),
            page("/org", "policies.xhtml", "policies"),
            page("/org", "sessions.xhtml", "sessions"),
            page("/org", "entry-points.xhtml", "entryPoints"),
            page("/org", "egress-pools.xhtml", "pools"),
            page("/org", "vpn.xhtml", "connectors"),
            page("/org", "audit.xhtml", "audit"));

    private static final Map<String, String> WARS = Map.of("/owner", "owner.war", "/cluster", "cluster.war",
            "/org", "org.war");

    /** One row of the report. */
    record Row(Actor actor, String portal, String what, String object, Outcome expected, String got, boolean pass) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Actor, Map<String, String>> cookies = new EnumMap<>(Actor.class);
    private final List<Row> rows = new ArrayList<>();
    /** Every answer of a portal with a 5xx status: none is allowed, whatever the row expected. */
    private final List<String> serverErrors = new ArrayList<>();
    /** Domain matrix files that should exist by now (their IT ran in this build) and do not. */
    private final List<String> missingDomainMatrices = new ArrayList<>();
    private JsonObject seed;

    @Test
    void everyActorGetsExactlyWhatTheirGrantsAllowOnEveryPageAndAction() throws Exception {
        assertThat(undeclaredPages()).as("pages in the EAR without a line in PortalIsolationMatrixIT.PAGES "
                + "(or declared pages that no longer exist)").isEmpty();

        seed = HelperServlets.post("/matrix-seed", "clusterAdminX=" + Actor.CLUSTER_ADMIN_X.username
                + "&clusterAdminY=" + Actor.CLUSTER_ADMIN_Y.username + "&orgAdminA=" + Actor.ORG_ADMIN_A.username
                + "&orgAdminB=" + Actor.ORG_ADMIN_B.username + "&noGrant=" + Actor.NO_GRANT.username);
        for (String viewer : List.of("clusterX", "clusterY", "orgA", "orgB", "nobody")) {
            assertThat(seed.getJsonObject("forbidden").getJsonArray(viewer)).as(viewer).hasSizeGreaterThan(20);
        }
        for (Actor actor : Actor.values()) {
            cookies.put(actor, actor == Actor.ANONYMOUS ? Map.of() : logIn(actor));
        }

        for (PageSpec spec : PAGES) {
            for (Actor actor : Actor.values()) {
                if (spec.param() == null) {
                    checkPage(actor, spec, null);
                } else {
                    for (String object : spec.objects()) {
                        checkPage(actor, spec, object);
                    }
                }
            }
        }
        pageActions();

        writeReport();
        List<Row> failed = rows.stream().filter(r -> !r.pass()).toList();
        assertThat(failed).as("failing rows of " + REPORT).isEmpty();
        assertThat(serverErrors).as("portal answers with a 5xx status").isEmpty();
        assertThat(missingDomainMatrices).as("domain matrices missing from " + REPORT).isEmpty();
        assertThat(rows).hasSizeGreaterThan(PAGES.size() * Actor.values().length);
    }

    // ---- pages -------------------------------------------------------------------------------

    private void checkPage(Actor actor, PageSpec spec, String object) throws Exception {
        String query = object == null ? "" : "?" + spec.param() + "=" + idOf(object);
        HttpResponse<String> response = get(actor, spec.portal(), "/" + spec.file() + query);
        Outcome expected = expectedForPage(actor, spec, object);
        String got = classify(response, spec.marker());
        if (got.equals(Outcome.ALLOW.name()) && spec.file().equals("index.xhtml")) {
            String own = ownName(actor, spec.portal());
            if (own != null && !response.body().contains(own)) {
                got = "ALLOW without own tenant " + own;
            }
        }
        if (got.equals(Outcome.ALLOW.name()) && spec.portal().equals("/cluster") && spec.file().equals("node.xhtml")) {
            // the scan is only worth something if such strings do show where allowed: the own node's address
            String own = actor == Actor.CLUSTER_ADMIN_X ? MatrixSeedServlet.ADDRESS_X : MatrixSeedServlet.ADDRESS_Y;
            if (!response.body().contains(own)) {
                got = "ALLOW without own node address " + own;
            }
        }
        got += leaks(actor, spec.portal(), response.body());
        rows.add(new Row(actor, spec.portal(), spec.file(), object == null ? "-" : object, expected, got,
                got.equals(expected.name())));
    }

    private Outcome expectedForPage(Actor actor, PageSpec spec, String object) {
        if (actor == Actor.ANONYMOUS) {
            return Outcome.LOGIN;
        }
        switch (spec.portal()) {
            case "/owner":
                return actor == Actor.OWNER ? Outcome.ALLOW : Outcome.FORBIDDEN;
            case "/cluster":
                if (actor == Actor.NO_GRANT) {
                    return Outcome.NO_SCOPE;
                }
                if (actor != Actor.CLUSTER_ADMIN_X && actor != Actor.CLUSTER_ADMIN_Y) {
                    return Outcome.FORBIDDEN;
                }
                if (object == null) {
                    return Outcome.ALLOW;
                }
                String own = actor == Actor.CLUSTER_ADMIN_X ? "X" : "Y";
                return object.endsWith(own) ? Outcome.ALLOW : Outcome.NOT_FOUND;
            default:
                if (actor == Actor.NO_GRANT) {
                    return Outcome.NO_SCOPE;
                }
                return actor == Actor.ORG_ADMIN_A || actor == Actor.ORG_ADMIN_B ? Outcome.ALLOW : Outcome.FORBIDDEN;
        }
    }

    private String classify(HttpResponse<String> response, String marker) {
        int status = response.statusCode();
        String body = response.body();
        if (status == 302 || status == 303) {
            String location = response.headers().firstValue("Location").orElse("");
            return location.startsWith(TestStack.info().keycloakUrl()) ? Outcome.LOGIN.name()
                    : "redirect to " + location;
        }
        if (status == 403) {
            return Outcome.FORBIDDEN.name();
        }
        if (status != 200) {
            return "HTTP " + status;
        }
        if (body.contains("id=\"no-cluster\"") || body.contains("id=\"no-organization\"")) {
            return body.contains("id=\"" + marker + "\"") ? "NO_SCOPE with data" : Outcome.NO_SCOPE.name();
        }
        if (body.contains("id=\"node-not-found\"")) {
            return body.contains("id=\"node-facts\"") ? "NOT_FOUND with data" : Outcome.NOT_FOUND.name();
        }
        if (body.contains("id=\"group-not-found\"")) {
            return body.contains("id=\"group-name\"") ? "NOT_FOUND with data" : Outcome.NOT_FOUND.name();
        }
        return body.contains("id=\"" + marker + "\"") ? Outcome.ALLOW.name() : "200 without " + marker;
    }

    /** The forbidden strings in a tenant portal's body, as a suffix of the outcome ("" when none). */
    private String leaks(Actor actor, String portal, String body) {
        if (portal.equals("/owner")) {
            return ""; // the owner console shows the whole fabric to its only allowed actor
        }
        String viewer = switch (actor) {
            case CLUSTER_ADMIN_X -> "clusterX";
            case CLUSTER_ADMIN_Y -> "clusterY";
            case ORG_ADMIN_A -> "orgA";
            case ORG_ADMIN_B -> "orgB";
            default -> "nobody";
        };
        if (viewer.startsWith("cluster") && portal.equals("/org") || viewer.startsWith("org") && portal.equals("/cluster")) {
            viewer = "nobody"; // a refused portal must not show even what the person's own portal may
        }
        List<String> hits = seed.getJsonObject("forbidden").getJsonArray(viewer).getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).filter(body::contains).distinct().toList();
        return hits.isEmpty() ? "" : " LEAKS " + hits;
    }

    private String ownName(Actor actor, String portal) {
        return switch (actor) {
            case CLUSTER_ADMIN_X -> portal.equals("/cluster") ? seed.getString("clusterXName") : null;
            case CLUSTER_ADMIN_Y -> portal.equals("/cluster") ? seed.getString("clusterYName") : null;
            case ORG_ADMIN_A -> portal.equals("/org") ? seed.getString("orgAName") : null;
            case ORG_ADMIN_B -> portal.equals("/org") ? seed.getString("orgBName") : null;
            default -> null;
        };
    }

    private String idOf(String object) {
        return object.equals("malformed") ? "not-a-uuid%27%3Cx%3E" : seed.getString(object);
    }

    // ---- page actions ------------------------------------------------------------------------

    /**
     * JSF form posts as the portal's own buttons send them (view state of a real GET), by the
     * wrong people and with the other tenant's ids. Each names the rows it may change: a refusal
     * must leave them as they were; a positive control proves the same post by the right person
     * works, so a refusal is not an artefact of a malformed post.
     */
    private void pageActions() throws Exception {
        String m = seed.getString("marker");
        // org users.xhtml: create a user
        Map<String, List<String>> user = form("edit", "edit:save", "edit:username", "mxu-" + m + "-%s",
                "edit:displayName", "Matrix user", "edit:email", "", "edit:status_input", "active");
        action("users.xhtml create user", Actor.ORG_ADMIN_A, Actor.ORG_ADMIN_A, "/org", "/users.xhtml", user, "orgA",
                Outcome.APPLIED, "orgA.users");
        action("users.xhtml create user", Actor.NO_GRANT, Actor.ORG_ADMIN_A, "/org", "/users.xhtml", user, "-",
                Outcome.REFUSED, "orgA.users", "orgB.users");
        action("users.xhtml create user (A's view state)", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_A, "/org",
                "/users.xhtml", user, "orgA", Outcome.REFUSED, "orgA.users");
        action("users.xhtml create user", Actor.CLUSTER_ADMIN_X, Actor.ORG_ADMIN_A, "/org", "/users.xhtml", user,
                "orgA", Outcome.FORBIDDEN, "orgA.users");
        action("users.xhtml create user", Actor.ANONYMOUS, Actor.ORG_ADMIN_A, "/org", "/users.xhtml", user, "orgA",
                Outcome.LOGIN, "orgA.users");

        // org resources.xhtml: a resource on the other tenant's egress pool
        Map<String, List<String>> resourceOwn = form("edit", "edit:save", "edit:name", "Matrix res %s",
                "edit:protocol_input", "rdp", "edit:host", "mxr-" + m + ".corp.example", "edit:pool_input",
                seed.getString("poolB"));
        Map<String, List<String>> resourceForeign = new LinkedHashMap<>(resourceOwn);
        resourceForeign.put("edit:pool_input", List.of(seed.getString("poolA")));
        action("resources.xhtml create resource", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/resources.xhtml",
                resourceOwn, "poolB", Outcome.APPLIED, "orgB.resources");
        action("resources.xhtml create resource", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/resources.xhtml",
                resourceForeign, "poolA", Outcome.REFUSED, "orgA.resources", "orgB.resources");
        mustSay(NOT_A_CHOICE);
        action("resources.xhtml create resource", Actor.NO_GRANT, Actor.ORG_ADMIN_B, "/org", "/resources.xhtml",
                resourceForeign, "poolA", Outcome.REFUSED, "orgA.resources", "orgB.resources");

        // org policies.xhtml: a policy naming the other tenant's user
        Map<String, List<String>> policyOwn = form("edit", "edit:save", "edit:name", "Matrix policy %s",
                "edit:days", "MONDAY", "edit:start", "00:00", "edit:end", "24:00", "edit:zone", "UTC",
                "edit:users_input", seed.getString("userB"), "edit:resources_input", seed.getString("resourceB"),
                "edit:entryPoints_input", seed.getString("entryB"));
        Map<String, List<String>> policyForeign = new LinkedHashMap<>(policyOwn);
        policyForeign.put("edit:users_input", List.of(seed.getString("userA")));
        action("policies.xhtml create policy", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/policies.xhtml",
                policyOwn, "userB", Outcome.APPLIED, "orgB.policies");
        action("policies.xhtml create policy", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/policies.xhtml",
                policyForeign, "userA", Outcome.REFUSED, "orgA.policies", "orgA.userPolicyLinks", "orgB.policies");
        mustSay(NOT_A_CHOICE);
        // an unknown id, and a foreign resource / entry point beside an own user
        Map<String, List<String>> policyUnknown = new LinkedHashMap<>(policyOwn);
        policyUnknown.put("edit:users_input", List.of(seed.getString("userB"), UNKNOWN_ID));
        action("policies.xhtml create policy", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/policies.xhtml",
                policyUnknown, "unknown user id", Outcome.REFUSED, "orgB.policies");
        mustSay(NOT_A_CHOICE);
        Map<String, List<String>> policyForeignResource = new LinkedHashMap<>(policyOwn);
        policyForeignResource.put("edit:resources_input", List.of(seed.getString("resourceB"),
                seed.getString("resourceA")));
        action("policies.xhtml create policy", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/policies.xhtml",
                policyForeignResource, "resourceA", Outcome.REFUSED, "orgA.policies", "orgB.policies");
        mustSay(NOT_A_CHOICE);
        Map<String, List<String>> policyForeignEntry = new LinkedHashMap<>(policyOwn);
        policyForeignEntry.put("edit:entryPoints_input", List.of(seed.getString("entryA")));
        action("policies.xhtml create policy", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/policies.xhtml",
                policyForeignEntry, "entryA", Outcome.REFUSED, "orgA.policies", "orgB.policies");
        mustSay(NOT_A_CHOICE);

        // org sessions.xhtml: terminate
        Map<String, List<String>> terminate = form("terminateForm", "terminateForm:confirm", "terminateForm:reason",
                "matrix %s");
        action("sessions.xhtml terminate", Actor.NO_GRANT, Actor.ORG_ADMIN_A, "/org", "/sessions.xhtml", terminate, "-",
                Outcome.REFUSED, "orgA.activeSessions", "orgB.activeSessions");
        action("sessions.xhtml terminate (A's view state)", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_A, "/org",
                "/sessions.xhtml", terminate, "orgA", Outcome.REFUSED, "orgA.activeSessions");
        action("sessions.xhtml terminate", Actor.CLUSTER_ADMIN_Y, Actor.ORG_ADMIN_A, "/org", "/sessions.xhtml",
                terminate, "orgA", Outcome.FORBIDDEN, "orgA.activeSessions");

        // cluster node.xhtml: assign a role, with Y's node id posted into X's view
        String nodeX = "/node.xhtml?id=" + seed.getString("nodeX");
        String roleOption = firstMatch(get(Actor.CLUSTER_ADMIN_X, "/cluster", nodeX).body(),
                "<option value=\"([^\"]+)\"", "synthetic.echo");
        Map<String, List<String>> assign = form("roles", "roles:assign", "roles:newRole_input", roleOption,
                "id", seed.getString("nodeY"));
        action("node.xhtml assign role (id=nodeY posted)", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster",
                nodeX, assign, "nodeY", Outcome.REFUSED, "clusterY.roles");
        action("node.xhtml assign role", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, assign,
                "nodeX", Outcome.REFUSED, "clusterX.roles", "clusterY.roles");
        action("node.xhtml assign role", Actor.NO_GRANT, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, assign, "nodeX",
                Outcome.REFUSED, "clusterX.roles", "clusterY.roles");
        action("node.xhtml assign role", Actor.ORG_ADMIN_A, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, assign, "nodeX",
                Outcome.FORBIDDEN, "clusterX.roles");
        // cluster node.xhtml: disable X's workload as someone else
        String workloadButton = firstMatch(get(Actor.CLUSTER_ADMIN_X, "/cluster", nodeX).body(),
                "name=\"(workloads:table:0:[^\"]+)\"", "workloads:table:0:missing");
        Map<String, List<String>> disable = form("workloads", workloadButton);
        action("node.xhtml disable workload", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, disable,
                "nodeX", Outcome.REFUSED, "clusterX.enabledWorkloads");
        action("node.xhtml disable workload", Actor.NO_GRANT, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, disable,
                "nodeX", Outcome.REFUSED, "clusterX.enabledWorkloads");

        // cluster join-requests.xhtml: approve X's pending request as someone else
        Map<String, List<String>> approve = form("requests", "requests:table:0:approve");
        action("join-requests.xhtml approve", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_X, "/cluster",
                "/join-requests.xhtml", approve, "clusterX", Outcome.REFUSED, "clusterX.pendingJoins");
        action("join-requests.xhtml approve", Actor.NO_GRANT, Actor.CLUSTER_ADMIN_X, "/cluster",
                "/join-requests.xhtml", approve, "clusterX", Outcome.REFUSED, "clusterX.pendingJoins",
                "clusterY.pendingJoins");
        action("join-requests.xhtml approve", Actor.ORG_ADMIN_B, Actor.CLUSTER_ADMIN_X, "/cluster",
                "/join-requests.xhtml", approve, "clusterX", Outcome.FORBIDDEN, "clusterX.pendingJoins");

        // owner console: create a cluster, grant oneself the other cluster
        Map<String, List<String>> cluster = form("create", "create:submit", "create:name", "Matrix cluster %s",
                "create:slug", "mxc-" + m + "-%s", "create:region", "eu");
        for (Actor actor : List.of(Actor.CLUSTER_ADMIN_X, Actor.ORG_ADMIN_A, Actor.NO_GRANT)) {
            action("clusters.xhtml create cluster", actor, Actor.OWNER, "/owner", "/clusters.xhtml", cluster, "-",
                    Outcome.FORBIDDEN, "clusters");
        }
        action("clusters.xhtml create cluster", Actor.ANONYMOUS, Actor.OWNER, "/owner", "/clusters.xhtml", cluster, "-",
                Outcome.LOGIN, "clusters");
        Map<String, List<String>> grant = form("grant", "grant:submit", "grant:username", Actor.CLUSTER_ADMIN_X.username,
                "grant:kind_input", "cluster", "grant:cluster_input", seed.getString("clusterY"));
        action("access.xhtml grant cluster Y", Actor.CLUSTER_ADMIN_X, Actor.OWNER, "/owner", "/access.xhtml", grant,
                "clusterY", Outcome.FORBIDDEN, "activeGrants");

        groupActions(m);
        ownerGroupActions(m);
        rowButtons();
    }

    /**
     * The cluster portal's node group page: create, rename, move, delete, and the member table's
     * "take out" button, by the cluster's admin (the positive controls), by the other cluster's
     * admin with X's view or with X's group ids in their own forms, and by people without the grant
     * or without the role. Rows of X stay as they were unless the row says APPLIED.
     */
    private void groupActions(String m) throws Exception {
        String groupX = seed.getString("groupX");
        String subX = seed.getString("subX");
        String groupY = seed.getString("groupY");
        String viewX = "/groups.xhtml?group=" + groupX;
        String viewSubX = "/groups.xhtml?group=" + subX;
        String viewY = "/groups.xhtml?group=" + groupY;
        String[] both = {"clusterX.groups", "clusterY.groups", "clusterX.groupVersions", "clusterY.groupVersions",
                "clusterX.groupedNodes", "clusterY.groupedNodes"};

        Map<String, List<String>> create = form("create", "create:createButton", "create:name", "mxg-" + m + "-%s",
                "create:parent_input", groupX);
        action("groups.xhtml create", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", viewX, create,
                "groupX", Outcome.APPLIED, "clusterX.groups");
        Map<String, List<String>> createUnderY = new LinkedHashMap<>(create);
        createUnderY.put("create:parent_input", List.of(groupY));
        action("groups.xhtml create under groupY", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", viewX,
                createUnderY, "groupY", Outcome.REFUSED, both);
        mustSay(NOT_A_CHOICE);
        action("groups.xhtml create under groupX", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_Y, "/cluster", viewY,
                create, "groupX", Outcome.REFUSED, both);
        mustSay(NOT_A_CHOICE);
        action("groups.xhtml create", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_X, "/cluster", viewX, create,
                "groupX", Outcome.REFUSED, both);
        action("groups.xhtml create", Actor.NO_GRANT, Actor.CLUSTER_ADMIN_X, "/cluster", viewX, create, "groupX",
                Outcome.REFUSED, both);
        action("groups.xhtml create", Actor.ORG_ADMIN_A, Actor.CLUSTER_ADMIN_X, "/cluster", viewX, create, "groupX",
                Outcome.FORBIDDEN, both);
        action("groups.xhtml create", Actor.ANONYMOUS, Actor.CLUSTER_ADMIN_X, "/cluster", viewX, create, "groupX",
                Outcome.LOGIN, both);

        Map<String, List<String>> rename = form("edit", "edit:renameButton", "edit:renameTo", "mxr-" + m + "-%s");
        action("groups.xhtml rename", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, rename,
                "subX", Outcome.APPLIED, "clusterX.groupVersions");
        for (Actor actor : List.of(Actor.CLUSTER_ADMIN_Y, Actor.NO_GRANT)) {
            action("groups.xhtml rename", actor, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, rename, "subX",
                    Outcome.REFUSED, both);
        }
        action("groups.xhtml rename", Actor.ORG_ADMIN_A, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, rename, "subX",
                Outcome.FORBIDDEN, both);

        Map<String, List<String>> moveTop = form("edit", "edit:moveButton", "edit:moveTo_input", "");
        Map<String, List<String>> moveUnderY = form("edit", "edit:moveButton", "edit:moveTo_input", groupY);
        Map<String, List<String>> moveUnderX = form("edit", "edit:moveButton", "edit:moveTo_input", groupX);
        action("groups.xhtml move under groupY", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX,
                moveUnderY, "groupY", Outcome.REFUSED, both);
        mustSay(NOT_A_CHOICE);
        action("groups.xhtml move suby under groupX", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_Y, "/cluster",
                "/groups.xhtml?group=" + seed.getString("subY"), moveUnderX, "groupX", Outcome.REFUSED, both);
        mustSay(NOT_A_CHOICE);
        for (Actor actor : List.of(Actor.CLUSTER_ADMIN_Y, Actor.NO_GRANT)) {
            action("groups.xhtml move", actor, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, moveTop, "subX",
                    Outcome.REFUSED, both);
        }
        action("groups.xhtml move", Actor.ORG_ADMIN_A, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, moveTop, "subX",
                Outcome.FORBIDDEN, both);
        action("groups.xhtml move to top level", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX,
                moveTop, "subX", Outcome.APPLIED, "clusterX.groupVersions");

        // the member table's row button: the node id comes from the row the server loaded for X,
        // so the other admin can only post X's view (refused) or an index of their own table
        String takeOut = firstMatch(get(Actor.CLUSTER_ADMIN_X, "/cluster", viewX).body(),
                "name=\"(members:table:0:[^\"]+)\"", "members:table:0:missing");
        Map<String, List<String>> unassign = form("members", takeOut);
        for (Actor actor : List.of(Actor.CLUSTER_ADMIN_Y, Actor.NO_GRANT)) {
            action("groups.xhtml take node out (row 0)", actor, Actor.CLUSTER_ADMIN_X, "/cluster", viewX, unassign,
                    "nodeX", Outcome.REFUSED, both);
        }
        action("groups.xhtml take node out (row 0)", Actor.ORG_ADMIN_A, Actor.CLUSTER_ADMIN_X, "/cluster", viewX,
                unassign, "nodeX", Outcome.FORBIDDEN, both);
        action("groups.xhtml take node out (row 999, not on the page)", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X,
                "/cluster", viewX, form("members", takeOut.replace(":0:", ":999:")), "-", Outcome.REFUSED, both);
        action("groups.xhtml take node out (row 0)", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", viewX,
                unassign, "nodeX", Outcome.APPLIED, "clusterX.groupedNodes");

        // assigning a node to a group is on the node page: X's node into Y's group, Y's node into X's
        String nodeX = "/node.xhtml?id=" + seed.getString("nodeX");
        String nodeY = "/node.xhtml?id=" + seed.getString("nodeY");
        Map<String, List<String>> assignY = form("group", "group:assignGroup", "group:groupChoice_input", groupY);
        Map<String, List<String>> assignX = form("group", "group:assignGroup", "group:groupChoice_input", subX);
        action("node.xhtml assign to groupY", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, assignY,
                "groupY", Outcome.REFUSED, both);
        mustSay(NOT_A_CHOICE);
        action("node.xhtml assign nodeY to subX", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_Y, "/cluster", nodeY,
                assignX, "subX", Outcome.REFUSED, both);
        mustSay(NOT_A_CHOICE);
        action("node.xhtml assign to subX", Actor.CLUSTER_ADMIN_Y, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, assignX,
                "nodeX", Outcome.REFUSED, both);
        action("node.xhtml assign to subX", Actor.ORG_ADMIN_A, Actor.CLUSTER_ADMIN_X, "/cluster", nodeX, assignX,
                "nodeX", Outcome.FORBIDDEN, both);

        Map<String, List<String>> delete = form("edit", "edit:deleteButton");
        for (Actor actor : List.of(Actor.CLUSTER_ADMIN_Y, Actor.NO_GRANT)) {
            action("groups.xhtml delete", actor, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, delete, "subX",
                    Outcome.REFUSED, both);
        }
        action("groups.xhtml delete", Actor.ORG_ADMIN_A, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, delete, "subX",
                Outcome.FORBIDDEN, both);
        // the deleted group's version leaves the sum with it
        action("groups.xhtml delete", Actor.CLUSTER_ADMIN_X, Actor.CLUSTER_ADMIN_X, "/cluster", viewSubX, delete,
                "subX", Outcome.APPLIED, "clusterX.groups", "clusterX.groupVersions");
    }

    /** The owner console's group tree on a cluster page: the owner's, and nobody else's. */
    private void ownerGroupActions(String m) throws Exception {
        String clusterX = seed.getString("clusterX");
        String view = "/cluster.xhtml?id=" + clusterX + "&group=" + seed.getString("groupX");
        String[] both = {"clusterX.groups", "clusterY.groups", "clusterX.groupVersions", "clusterY.groupVersions"};
        Map<String, List<String>> create = form("createGroup", "createGroup:createButton", "createGroup:name",
                "mxo-" + m + "-%s", "createGroup:parent_input", seed.getString("groupX"));
        action("cluster.xhtml create group", Actor.OWNER, Actor.OWNER, "/owner", view, create, "clusterX",
                Outcome.APPLIED, "clusterX.groups");
        Map<String, List<String>> createUnderY = new LinkedHashMap<>(create);
        createUnderY.put("createGroup:parent_input", List.of(seed.getString("groupY")));
        action("cluster.xhtml create group under Y's group", Actor.OWNER, Actor.OWNER, "/owner", view, createUnderY,
                "groupY", Outcome.REFUSED, both);
        mustSay(NOT_A_CHOICE);
        Map<String, List<String>> rename = form("editGroup", "editGroup:renameButton", "editGroup:renameTo",
                "grpx-" + m + "-%s");
        action("cluster.xhtml rename group", Actor.OWNER, Actor.OWNER, "/owner", view, rename, "groupX",
                Outcome.APPLIED, "clusterX.groupVersions");
        Map<String, List<String>> delete = form("editGroup", "editGroup:deleteButton");
        for (Actor actor : List.of(Actor.CLUSTER_ADMIN_X, Actor.ORG_ADMIN_A, Actor.NO_GRANT)) {
            action("cluster.xhtml create group", actor, Actor.OWNER, "/owner", view, create, "clusterX",
                    Outcome.FORBIDDEN, both);
            action("cluster.xhtml rename group", actor, Actor.OWNER, "/owner", view, rename, "groupX",
                    Outcome.FORBIDDEN, both);
            action("cluster.xhtml delete group", actor, Actor.OWNER, "/owner", view, delete, "groupX",
                    Outcome.FORBIDDEN, both);
        }
        action("cluster.xhtml delete group", Actor.ANONYMOUS, Actor.OWNER, "/owner", view, delete, "groupX",
                Outcome.LOGIN, both);
    }

    /**
     * Row buttons of the tenant tables. They carry no id: the server takes the id from the row it
     * loaded for the poster's own scope, so all a post can choose is a row index. Another tenant's
     * row (its view state) is refused, and an index outside the page loaded for the poster does nothing.
     */
    private void rowButtons() throws Exception {
        record Table(String what, Actor owner, String portal, String path, String form, String buttonClass,
                     String object, String... watched) {
        }
        List<Table> tables = List.of(
                new Table("users.xhtml delete", Actor.ORG_ADMIN_A, "/org", "/users.xhtml", "users", "delete-button",
                        "userA", "orgA.users", "orgB.users"),
                new Table("resources.xhtml delete", Actor.ORG_ADMIN_A, "/org", "/resources.xhtml", "resources",
                        "delete-button", "resourceA", "orgA.resources", "orgB.resources"),
                new Table("policies.xhtml delete", Actor.ORG_ADMIN_A, "/org", "/policies.xhtml", "policies",
                        "delete-button", "policyA", "orgA.policies", "orgB.policies"),
                new Table("sessions.xhtml terminate", Actor.ORG_ADMIN_A, "/org", "/sessions.xhtml", "sessions",
                        "terminate-button", "sessionA", "orgA.activeSessions", "orgB.activeSessions"),
                new Table("join-requests.xhtml approve", Actor.CLUSTER_ADMIN_X, "/cluster", "/join-requests.xhtml",
                        "requests", "approve", "pendingX", "clusterX.pendingJoins", "clusterY.pendingJoins"),
                new Table("node.xhtml disable workload", Actor.CLUSTER_ADMIN_X, "/cluster",
                        "/node.xhtml?id=" + seed.getString("nodeX"), "workloads", "", "workloadX",
                        "clusterX.enabledWorkloads", "clusterY.enabledWorkloads"));
        for (Table t : tables) {
            Actor other = t.owner() == Actor.ORG_ADMIN_A ? Actor.ORG_ADMIN_B : Actor.CLUSTER_ADMIN_Y;
            String button = rowButton(get(t.owner(), t.portal(), t.path()).body(), t.form(), t.buttonClass());
            if (button.endsWith(":missing")) {
                // without the real button name the refusals below would prove nothing
                rows.add(new Row(t.owner(), t.portal(), t.what(), t.object(), Outcome.ALLOW, "no row button in row 0",
                        false));
                continue;
            }
            action(t.what() + " (row 0)", other, t.owner(), t.portal(), t.path(), form(t.form(), button), t.object(),
                    Outcome.REFUSED, t.watched());
            String otherPath = t.path().startsWith("/node.xhtml") ? "/node.xhtml?id=" + seed.getString("nodeY")
                    : t.path();
            action(t.what() + " (row 999 of own table)", other, other, t.portal(), otherPath,
                    form(t.form(), button.replace(":0:", ":999:")), "-", Outcome.REFUSED, t.watched());
        }
        // positive control: the same kind of row post by the right person does act (B's first policy)
        String deletePolicy = rowButton(get(Actor.ORG_ADMIN_B, "/org", "/policies.xhtml").body(), "policies",
                "delete-button");
        action("policies.xhtml delete (row 0)", Actor.ORG_ADMIN_B, Actor.ORG_ADMIN_B, "/org", "/policies.xhtml",
                form("policies", deletePolicy), "B's first policy", Outcome.APPLIED, "orgB.policies");
    }

    /** The name of a button in row 0 of a form's table, by its style class (or the first one). */
    private static String rowButton(String body, String form, String styleClass) {
        Matcher buttons = Pattern.compile("<button[^>]*>").matcher(body);
        String first = null;
        while (buttons.find()) {
            String name = firstMatch(buttons.group(), "name=\"(" + Pattern.quote(form) + ":table:0:[^\"]+)\"", null);
            if (name == null) {
                continue;
            }
            if (first == null) {
                first = name;
            }
            if (!styleClass.isEmpty() && (buttons.group().contains(styleClass + " ") || buttons.group()
                    .contains(styleClass + "\"") || name.endsWith(":" + styleClass))) {
                return name;
            }
        }
        return first != null ? first : form + ":table:0:missing";
    }

    /** Form fields as pairs; {@code %s} in a value becomes a per-post counter so retries never collide. */
    private static Map<String, List<String>> form(String formId, String button, String... pairs) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put(formId, List.of(formId));
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], List.of(pairs[i + 1]));
        }
        fields.put(button, List.of(button));
        return fields;
    }

    private int posts;
    private String lastBody;

    private void action(String what, Actor actor, Actor viewOf, String portal, String path,
                        Map<String, List<String>> fields, String object, Outcome expected, String... watched)
            throws Exception {
        JsonObject before = state();
        String viewState = firstMatch(get(viewOf, portal, path).body(), VIEW_STATE.pattern(), "stateless");
        StringBuilder body = new StringBuilder("jakarta.faces.ViewState=").append(encode(viewState));
        posts++;
        for (var field : fields.entrySet()) {
            for (String value : field.getValue()) {
                body.append('&').append(encode(field.getKey())).append('=')
                        .append(encode(value.replace("%s", Integer.toString(posts))));
            }
        }
        String postPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        HttpResponse<String> response = send(actor, HttpRequest.newBuilder(URI.create(TestStack.portalUrl() + portal
                + postPath)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        JsonObject after = state();
        List<String> changed = new ArrayList<>();
        for (String key : watched) {
            if (before.getJsonNumber(key).longValue() != after.getJsonNumber(key).longValue()) {
                changed.add(key + " " + before.getJsonNumber(key) + "->" + after.getJsonNumber(key));
            }
        }
        String got;
        int status = response.statusCode();
        String location = response.headers().firstValue("Location").orElse("");
        lastBody = response.body();
        if (status == 403 || (status == 302 || status == 303) && location.startsWith(TestStack.info().keycloakUrl())) {
            got = classify(response, "-");
        } else if (status == 200) {
            got = changed.isEmpty() ? Outcome.REFUSED.name() : Outcome.APPLIED.name();
        } else if ((status == 302 || status == 303) && !changed.isEmpty()) {
            got = Outcome.APPLIED.name(); // the page navigates after a successful action
        } else if ((status == 302 || status == 303) && URI.create(location).getPath().equals(portal + postPath)) {
            // a view state this session does not hold: the page is reloaded with a message, nothing ran
            lastBody = reloaded(actor, response, location);
            got = lastBody.contains(EXPIRED) ? Outcome.REFUSED.name() + " (view expired, reloaded)"
                    : "view expired, reloaded without the message '" + EXPIRED + "'";
        } else if (status == 302 || status == 303) {
            // a high-risk action parks itself and sends the person to step-up: nothing ran yet
            got = Outcome.REFUSED.name() + " (redirect to " + URI.create(location).getPath() + ")";
        } else {
            got = "HTTP " + status;
        }
        if (!changed.isEmpty() && !got.equals(Outcome.APPLIED.name())) {
            got += " but changed " + changed;
        }
        // whatever the outcome, nothing outside the rows it aimed at may change (e.g. a policy saved
        // without the foreign id of a tampered form)
        List<String> others = new ArrayList<>();
        for (String key : after.keySet()) {
            if (!List.of(watched).contains(key) && !before.get(key).equals(after.get(key))) {
                others.add(key + " " + before.get(key) + "->" + after.get(key));
            }
        }
        if (!others.isEmpty()) {
            got += " (also changed: " + String.join(", ", others) + ")";
        }
        got += leaks(actor, portal, lastBody);
        rows.add(new Row(actor, portal, what + (viewOf == actor ? "" : " [view of " + viewOf + "]"), object,
                expected, got, (got.equals(expected.name()) || got.startsWith(expected.name() + " ("))
                && !got.contains("LEAKS") && !got.contains("also changed") && !got.contains(" but changed")));
    }

    /** Follows the reload of an expired view with the person's cookies and the flash cookie it set. */
    private String reloaded(Actor actor, HttpResponse<String> redirect, String location) throws Exception {
        String flash = redirect.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        URI target = URI.create(TestStack.portalUrl()).resolve(location);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
        if (!flash.isEmpty()) {
            request.header("Cookie", flash);
        }
        return send(actor, request).body();
    }

    /** The last row passes only if the page it answered says {@code text} (the refusal's message). */
    private void mustSay(String text) {
        Row last = rows.remove(rows.size() - 1);
        boolean says = lastBody != null && lastBody.contains(text);
        rows.add(says ? last : new Row(last.actor(), last.portal(), last.what(), last.object(), last.expected(),
                last.got() + " without the message '" + text + "'", false));
    }

    private JsonObject state() throws Exception {
        return HelperServlets.post("/matrix-seed", "action=state&orgA=" + seed.getString("orgA") + "&orgB="
                + seed.getString("orgB") + "&clusterX=" + seed.getString("clusterX") + "&clusterY="
                + seed.getString("clusterY") + "&userA=" + seed.getString("userA"));
    }

    private static String firstMatch(String text, String regex, String fallback) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : fallback;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- HTTP with the browser's session -------------------------------------------------------

    private HttpResponse<String> get(Actor actor, String portal, String path) throws Exception {
        return send(actor, HttpRequest.newBuilder(URI.create(TestStack.portalUrl() + portal + path)).GET());
    }

    private HttpResponse<String> send(Actor actor, HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.build();
        List<String> cookie = new ArrayList<>(built.headers().allValues("Cookie"));
        cookies.get(actor).entrySet().stream().filter(c -> built.uri().getPath().startsWith(c.getKey()))
                .map(Map.Entry::getValue).filter(v -> !v.isEmpty()).forEach(cookie::add);
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(built, (name, value) -> !name.equalsIgnoreCase("Cookie"));
        if (!cookie.isEmpty()) {
            withCookies.header("Cookie", String.join("; ", cookie));
        }
        HttpResponse<String> response = http.send(withCookies.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            serverErrors.add(actor + " " + built.method() + " " + built.uri().getPath() + " -> " + response.statusCode());
        }
        return response;
    }

    /**
     * Logs the person into their own portal through Keycloak, then opens the other two portals in
     * the same browser (single sign-on; the container answers 403 where the role does not fit),
     * and keeps each portal's cookies by path.
     */
    private Map<String, String> logIn(Actor actor) throws Exception {
        DemoUser user = TestStack.user(actor.username);
        WebDriver browser = Browsers.headlessChromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            KeycloakPages keycloak = new KeycloakPages(browser, wait);
            keycloak.logIn(actor.home + "/", user);
            Map<String, String> jar = new LinkedHashMap<>();
            List<String> portals = new ArrayList<>(List.of(actor.home, "/owner", "/cluster", "/org"));
            for (String portal : new java.util.LinkedHashSet<>(portals)) {
                if (!portal.equals(actor.home)) {
                    browser.get(TestStack.portalUrl() + portal + "/index.xhtml");
                    settle(browser, keycloak, user, portal);
                }
                String header = browser.manage().getCookies().stream()
                        .filter(c -> c.getPath() == null || c.getPath().equals("/") || portal.startsWith(c.getPath())
                                || c.getPath().startsWith(portal))
                        .map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
                jar.put(portal + "/", header);
            }
            return jar;
        } catch (RuntimeException | InterruptedException e) {
            Browsers.keepEvidence(browser, "matrix-login-" + actor);
            throw e;
        } finally {
            browser.quit();
        }
    }

    /** Waits until the browser is back on the portal, answering a one-time-code form on the way. */
    private static void settle(WebDriver browser, KeycloakPages keycloak, DemoUser user, String portal)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            String url = browser.getCurrentUrl();
            if (url.startsWith(TestStack.portalUrl() + portal)
                    && (!url.contains("code=") || Instant.now().isAfter(deadline.minusSeconds(25)))) {
                return;
            }
            if (!browser.findElements(By.id("otp")).isEmpty()) {
                keycloak.enterOtp(user);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(user.username() + " did not get back to " + portal + ": "
                + browser.getCurrentUrl());
    }

    // ---- pages in the EAR ----------------------------------------------------------------------

    /** Pages in a portal WAR of the EAR without a declaration here, and declarations without a page. */
    private static Set<String> undeclaredPages() throws IOException {
        Set<String> inEar = new TreeSet<>();
        Path ear = Path.of(System.getProperty(Deployments.EAR_PROPERTY, "target/rap.ear"));
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(ear))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                for (var war : WARS.entrySet()) {
                    if (entry.getName().equals(war.getValue())) {
                        inEar.addAll(pagesOf(war.getKey(), new ByteArrayInputStream(zip.readAllBytes())));
                    }
                }
            }
        }
        Set<String> declared = PAGES.stream().map(p -> p.portal() + "/" + p.file())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(inEar).as("pages found in " + ear).isNotEmpty();
        Set<String> difference = new TreeSet<>(inEar);
        difference.removeAll(declared);
        for (String page : declared) {
            if (!inEar.contains(page)) {
                difference.add(page + " (declared, not in the EAR)");
            }
        }
        return difference;
    }

    private static List<String> pagesOf(String portal, InputStream war) throws IOException {
        List<String> pages = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(war)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".xhtml") && !name.startsWith("WEB-INF/") && !name.startsWith("META-INF/")
                        && !name.startsWith("resources/")) {
                    pages.add(portal + "/" + name);
                }
            }
        }
        return pages;
    }

    // ---- report --------------------------------------------------------------------------------

    /** One domain matrix file as a table, or an explicit MISSING line (a failure when that IT ran in this build). */
    private void domainSection(StringBuilder md, String test, String scope, Path file) throws IOException {
        md.append("\n### ").append(test).append(" (").append(scope).append(")\n\n");
        if (!Files.exists(file)) {
            boolean leftOut = System.getProperty("it.test") != null && !System.getProperty("it.test").contains(test);
            md.append("**MISSING**: `").append(file).append("` does not exist, ").append(leftOut
                    ? "because this build did not run " + test + "." : "although this build runs " + test
                    + ": it did not run before this test, or wrote nothing.").append("\n");
            if (!leftOut) {
                missingDomainMatrices.add(test + " (" + file + ")");
            }
            return;
        }
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        md.append(lines.size()).append(" rows, written ").append(Files.getLastModifiedTime(file))
                .append(".\n\n| who | method | expected | got |\n|---|---|---|---|\n");
        for (String line : lines) {
            md.append("| ").append(line.replace("|", "\\|").replace("\t", " | ")).append(" |\n");
        }
    }

    private void writeReport() throws IOException {
        StringBuilder md = new StringBuilder("# Isolation matrix\n\nWritten by `PortalIsolationMatrixIT` on ")
                .append(Instant.now()).append(". Rows: ").append(rows.size()).append(", failing: ")
                .append(rows.stream().filter(r -> !r.pass()).count()).append(".\n\n")
                .append("Outcomes: ALLOW (200 with the page's marker element), NOT_FOUND (the page's not-found block, ")
                .append("no data), NO_SCOPE (\"no cluster/organization assigned\", no data), FORBIDDEN (403 from the ")
                .append("container's role constraint), LOGIN (redirect to Keycloak), APPLIED (a form post that ")
                .append("changed the rows it aimed at and nothing else), REFUSED (a form post that changed nothing ")
                .append("at all; \"view expired, reloaded\": the post carried a view state this session does not ")
                .append("hold and the page was reloaded with its message; \"redirect to ...\": a high-risk action ")
                .append("sent to step-up). A suffix LEAKS [...] lists forbidden strings found in the body of a ")
                .append("cluster or organization portal response; \"also changed\" anything outside the aimed-at ")
                .append("rows fails the row. No portal answer may have a 5xx status.\n\n")
                .append("## Pages and page actions\n\n| actor | portal | page / action | object | expected | got | pass |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.actor()).append(" | ").append(row.portal()).append(" | ")
                    .append(row.what().replace("|", "\\|")).append(" | ").append(row.object()).append(" | ")
                    .append(row.expected()).append(" | ").append(row.got().replace("|", "\\|")).append(" | ")
                    .append(row.pass() ? "yes" : "**NO**").append(" |\n");
        }
        md.append("\n## Domain service methods\n\nThe domain ITs check every service method per scope inside ")
                .append("the server and write one row per method and actor (who, method, expected, got) into the ")
                .append("server's log directory; failsafe runs them before this test (alphabetical order, see ")
                .append("portal-ear/pom.xml). A missing file is said here, and fails this test unless the build ")
                .append("left that IT out (-Dit.test without it).\n");
        domainSection(md, "ClusterAdminIsolationIT", "cluster, node, enrollment, role, workload, group services",
                CLUSTER_DOMAIN_MATRIX);
        domainSection(md, "OrganizationIsolationIT", "organization services", ORG_DOMAIN_MATRIX);
        Path report = Path.of(REPORT);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, md.toString());
    }
}
