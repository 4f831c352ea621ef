package io.rap.fabric.devstack;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The secrets of the server side that Keycloak does not know: the database password and the key-encryption
 * key for cluster CA private keys ({@code RAP_CA_KEK}, base64 of 32 random bytes). {@link #toString()}
 * redacts both.
 */
public record ServerSecrets(String databasePassword, String caKek) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ServerSecrets {
        Objects.requireNonNull(databasePassword, "databasePassword");
        Objects.requireNonNull(caKek, "caKek");
        if (Base64.getDecoder().decode(caKek).length != 32) {
            throw new IllegalArgumentException("the CA key-encryption key must be 32 bytes");
        }
    }

    public static ServerSecrets generate() {
        return new ServerSecrets(base64Url(24), Base64.getEncoder().encodeToString(bytes(32)));
    }

    /** Reads {@code file}, or generates and writes it (mode 0600) so that restarts reuse the same secrets. */
    public static ServerSecrets loadOrGenerate(Path file) throws IOException {
        if (Files.exists(file)) {
            SecretFiles.requireOwnerOnly(file);
            try (JsonReader reader = Json.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
                JsonObject json = reader.readObject();
                return new ServerSecrets(json.getString("databasePassword"), json.getString("caKek"));
            } catch (RuntimeException e) {
                throw new IOException("cannot read " + file + " (delete it to generate new secrets): " + e.getMessage(), e);
            }
        }
        ServerSecrets fresh = generate();
        SecretFiles.write(file, Json.createObjectBuilder()
                .add("databasePassword", fresh.databasePassword())
                .add("caKek", fresh.caKek())
                .build().toString());
        return fresh;
    }

    private static String base64Url(int byteCount) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(byteCount));
    }

    private static byte[] bytes(int count) {
        byte[] out = new byte[count];
        RANDOM.nextBytes(out);
        return out;
    }

    @Override
    public String toString() {
        return "ServerSecrets[databasePassword=***, caKek=***]";
    }
}
