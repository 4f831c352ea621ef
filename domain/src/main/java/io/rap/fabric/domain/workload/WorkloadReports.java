package io.rap.fabric.domain.workload;

import io.rap.fabric.protocol.WorkloadState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes what an authenticated node says about its workloads into the reported columns of the
 * matching desired workloads (by name, within the membership). A report never creates a row:
 * a row is a person's placement decision, and a node must not be able to make one. Reports for
 * names nobody desired are therefore not stored here; the heartbeat keeps them in the node's
 * latest state, and {@link WorkloadService#unrequested} shows them to the owner.
 *
 * <p>Reports are partial: a name missing from a report keeps its last reported state, whose
 * {@code reported_at} shows how old it is.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WorkloadReports {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    /** @return how many desired workloads of the membership the report matched */
    public int record(UUID nodeId, UUID clusterId, List<WorkloadState> states, Instant at) {
        var array = Json.createArrayBuilder();
        states.forEach(w -> array.add(w.toJson()));
        return record(nodeId, clusterId, array.build().toString(), at);
    }

    /**
     * The same for the JSON array a heartbeat carries (already validated as {@link WorkloadState}s):
     * one statement however many workloads, since heartbeats come every few seconds from every node.
     * The type is part of the match: a report about another workload under a reused name must not
     * make the desired one look running.
     */
    public int record(UUID nodeId, UUID clusterId, String workloadsJson, Instant at) {
        if (workloadsJson == null || workloadsJson.isBlank() || "[]".equals(workloadsJson.strip())) {
            return 0;
        }
        return em.createNativeQuery("update node_service_instances s set reported_state = r.state,"
                        + " reported_reason = r.reason, reported_at = ?1"
                        + " from jsonb_to_recordset(cast(?2 as jsonb)) as r(name text, type text, state text, reason text)"
                        + " where s.cluster_id = ?3 and s.node_id = ?4 and s.name = r.name and s.workload_type = r.type")
                .setParameter(1, at).setParameter(2, workloadsJson).setParameter(3, clusterId)
                .setParameter(4, nodeId).executeUpdate();
    }

    /** The heartbeat's workload list as the API layer stored it (JSON of {@link WorkloadState}s). */
    public static List<WorkloadState> parse(String workloadsJson) {
        if (workloadsJson == null || workloadsJson.isBlank()) {
            return List.of();
        }
        List<WorkloadState> states = new ArrayList<>();
        try (JsonReader reader = Json.createReader(new StringReader(workloadsJson))) {
            for (JsonObject value : reader.readArray().getValuesAs(JsonObject.class)) {
                states.add(WorkloadState.fromJson(value));
            }
        }
        return states;
    }
}
