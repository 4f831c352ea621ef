package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

/**
 * How many peers a mesh node keeps in each set: {@code active} peers carry traffic, {@code warm}
 * ones are connected and measured, the rest of the snapshot's peers are cold candidates.
 */
public record PeerPolicy(int activeMin, int activeMax, int warmMax) {

    /** Product defaults: a normal node keeps 3–5 active peers, a relay or core node 8–20, a thin node 1–3. */
    public static final PeerPolicy NORMAL = new PeerPolicy(3, 5, 5);
    public static final PeerPolicy CORE = new PeerPolicy(8, 20, 10);
    public static final PeerPolicy THIN = new PeerPolicy(1, 3, 2);

    public PeerPolicy {
        if (activeMin < 0 || activeMax < activeMin || activeMax > 1000 || warmMax < 0 || warmMax > 1000) {
            throw ProtocolException.invalidField("peerPolicy",
                    "peerPolicy needs 0 <= activeMin <= activeMax <= 1000 and 0 <= warmMax <= 1000");
        }
    }

    public JsonObject toJson() {
        return Json.objectBuilder().add("activeMin", activeMin).add("activeMax", activeMax).add("warmMax", warmMax)
                .build();
    }

    public static PeerPolicy fromJson(JsonObject json) {
        return new PeerPolicy(Json.requireInt(json, "activeMin", 0, 1000), Json.requireInt(json, "activeMax", 0, 1000),
                Json.requireInt(json, "warmMax", 0, 1000));
    }
}
