package io.rap.fabric.devstack;

import io.rap.fabric.devstack.keycloak.AdminCredentials;
import io.rap.fabric.devstack.keycloak.DemoUser;
import io.rap.fabric.devstack.postgres.DatabaseSettings;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a running stack offers and what it consists of: written to {@code stack.json} (mode 0600: it holds
 * the demo logins) by {@code ./rap-dev} and by the integration tests, read by {@code ./rap-dev down},
 * {@code ./rap-dev totp} and the tests' {@code TestStack}.
 *
 * @param state     {@code starting}, {@code ready} or {@code stopped}
 * @param processes what {@code down} stops, in this order; the first is the supervising JVM (if any)
 */
public record StackInfo(String state, String profile, String portalUrl, String issuerUrl, String keycloakUrl,
                        AdminCredentials keycloakAdmin, DatabaseSettings database, Map<String, Integer> ports,
                        List<DemoUser> users, List<ManagedProcess> processes, Map<String, String> logs) {

    public static final String STARTING = "starting";
    public static final String READY = "ready";
    public static final String STOPPED = "stopped";

    /** Shown as issuer in authenticator apps. */
    public static final String OTP_ISSUER = "RAP Fabric dev";

    /** One process the stack started; the start instant guards against killing a recycled pid. */
    public record ManagedProcess(String name, long pid, Instant started) {

        public static ManagedProcess of(String name, ProcessHandle process) {
            return new ManagedProcess(name, process.pid(), Processes.startInstant(process));
        }

        public Optional<ProcessHandle> ifAlive() {
            return Processes.ifSameProcess(pid, started);
        }
    }

    public StackInfo {
        ports = Map.copyOf(ports);
        users = List.copyOf(users);
        processes = List.copyOf(processes);
        logs = Map.copyOf(logs);
    }

    public StackInfo withState(String newState) {
        return new StackInfo(newState, profile, portalUrl, issuerUrl, keycloakUrl, keycloakAdmin, database, ports,
                users, processes, logs);
    }

    public StackInfo withProcesses(List<ManagedProcess> newProcesses) {
        return new StackInfo(state, profile, portalUrl, issuerUrl, keycloakUrl, keycloakAdmin, database, ports,
                users, newProcesses, logs);
    }

    public String portalUrl(String contextRoot) {
        return portalUrl + "/" + contextRoot + "/";
    }

    public Optional<DemoUser> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    public Optional<ManagedProcess> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public JsonObject toJson() {
        JsonObjectBuilder urls = Json.createObjectBuilder()
                .add("portal", portalUrl)
                .add("owner", portalUrl("owner"))
                .add("cluster", portalUrl("cluster"))
                .add("org", portalUrl("org"))
                .add("nodeApi", portalUrl("node-api"))
                .add("keycloak", keycloakUrl)
                .add("keycloakAdminConsole", keycloakUrl + "/admin/")
                .add("issuer", issuerUrl);
        JsonObjectBuilder portsJson = Json.createObjectBuilder();
        new TreeMap<>(ports).forEach(portsJson::add);
        JsonArrayBuilder usersJson = Json.createArrayBuilder();
        for (DemoUser user : users) {
            JsonArrayBuilder roles = Json.createArrayBuilder();
            user.realmRoles().forEach(roles::add);
            usersJson.add(Json.createObjectBuilder()
                    .add("username", user.username())
                    .add("password", user.password())
                    .add("totpSecret", user.totpSecretBase32())
                    .add("otpauthUri", user.otpauthUri(OTP_ISSUER))
                    .add("realmRoles", roles));
        }
        JsonArrayBuilder processesJson = Json.createArrayBuilder();
        for (ManagedProcess process : processes) {
            processesJson.add(Json.createObjectBuilder()
                    .add("name", process.name())
                    .add("pid", process.pid())
                    .add("started", process.started().toString()));
        }
        JsonObjectBuilder logsJson = Json.createObjectBuilder();
        new TreeMap<>(logs).forEach(logsJson::add);
        return Json.createObjectBuilder()
                .add("state", state)
                .add("profile", profile)
                .add("urls", urls)
                .add("ports", portsJson)
                .add("database", Json.createObjectBuilder()
                        .add("jdbcUrl", database.jdbcUrl())
                        .add("user", database.user())
                        .add("password", database.password()))
                .add("keycloakAdmin", Json.createObjectBuilder()
                        .add("username", keycloakAdmin.username())
                        .add("password", keycloakAdmin.password()))
                .add("users", usersJson)
                .add("processes", processesJson)
                .add("logs", logsJson)
                .build();
    }

    public static StackInfo fromJson(JsonObject json) {
        JsonObject urls = json.getJsonObject("urls");
        Map<String, Integer> ports = new LinkedHashMap<>();
        json.getJsonObject("ports").forEach((name, value) -> ports.put(name, ((JsonNumber) value).intValue()));
        List<DemoUser> users = new ArrayList<>();
        for (JsonValue value : json.getJsonArray("users")) {
            JsonObject user = value.asJsonObject();
            users.add(new DemoUser(user.getString("username"), user.getString("password"),
                    user.getString("totpSecret"),
                    user.getJsonArray("realmRoles").getValuesAs(JsonString::getString)));
        }
        List<ManagedProcess> processes = new ArrayList<>();
        for (JsonValue value : json.getJsonArray("processes")) {
            JsonObject process = value.asJsonObject();
            processes.add(new ManagedProcess(process.getString("name"), process.getJsonNumber("pid").longValue(),
                    Instant.parse(process.getString("started"))));
        }
        Map<String, String> logs = new LinkedHashMap<>();
        json.getJsonObject("logs").forEach((name, value) -> logs.put(name, ((JsonString) value).getString()));
        JsonObject database = json.getJsonObject("database");
        JsonObject admin = json.getJsonObject("keycloakAdmin");
        return new StackInfo(json.getString("state"), json.getString("profile"), urls.getString("portal"),
                urls.getString("issuer"), urls.getString("keycloak"),
                new AdminCredentials(admin.getString("username"), admin.getString("password")),
                new DatabaseSettings(database.getString("jdbcUrl"), database.getString("user"),
                        database.getString("password")),
                ports, users, processes, logs);
    }

    public void write(Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(text)) {
            writer.writeObject(toJson());
        }
        SecretFiles.write(file, text.toString().strip() + "\n");
    }

    public static StackInfo read(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            return fromJson(reader.readObject());
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "StackInfo[" + state + ", " + profile + ", " + portalUrl + ", processes=" + processes + "]";
    }
}
