package io.rap.fabric.it;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Test-only (deployed in the helper WAR of {@link OwnerFleetBrowserIT}): builds the small fleet of
 * {@link FleetFixtures}, kept fresh for the browser's pace, and answers its names and ids.
 */
@WebServlet("/fleet-seed")
public class FleetSeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient FleetFixtures fixtures;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FleetFixtures.Fleet f;
        try {
            // "0" sorts the seeded clusters before other tests' in name-ordered lists
            f = fixtures.build("0fleet", true);
        } catch (SQLException e) {
            throw new IOException(e);
        }
        response.setContentType("application/json");
        response.getWriter().write(Json.createObjectBuilder()
                .add("clusterA", f.a().name()).add("clusterAId", f.a().id().toString())
                .add("clusterB", f.b().name()).add("clusterBId", f.b().id().toString())
                .add("a1", f.a1().name()).add("a1Id", f.a1().id().toString())
                .add("a2", f.a2().name()).add("a3", f.a3().name()).add("b1", f.b1().name())
                .add("failedWorkload", "proc-" + f.a2().name().substring(3))
                .build().toString());
    }
}
