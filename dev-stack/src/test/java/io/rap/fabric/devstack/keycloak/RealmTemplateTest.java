package io.rap.fabric.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RealmTemplateTest {

    private final RealmSettings settings = RealmSettings.generate("https://portal.example:8443");
    private final JsonObject realm = RealmTemplate.render(settings);

    @Test
    void templateInGitHoldsNoSecretsOnlyPlaceholders() {
        JsonObject template = RealmTemplate.load();

        assertThat(template.containsKey("users")).isFalse();
        assertThat(client(template, "rap-owner").getString("secret")).isEqualTo("${RAP_OWNER_CLIENT_SECRET}");
        assertThat(client(template, "rap-cluster").getString("secret")).isEqualTo("${RAP_CLUSTER_CLIENT_SECRET}");
        assertThat(client(template, "rap-org").getString("secret")).isEqualTo("${RAP_ORG_CLIENT_SECRET}");
    }

    @Test
    void rendersEveryPlaceholder() {
        assertThat(realm.toString()).doesNotContain("${");
        assertThat(client(realm, "rap-owner").getString("secret")).isEqualTo(settings.clientSecret("rap-owner"));
        assertThat(client(realm, "rap-cluster").getJsonArray("redirectUris").getString(0))
                .isEqualTo("https://portal.example:8443/cluster/*");
        assertThat(client(realm, "rap-org").getJsonObject("attributes").getString("backchannel.logout.url"))
                .isEqualTo("https://portal.example:8443/org/backchannel-logout");
    }

    @Test
    void portalClientsAreConfidentialStandardFlowOnlyWithoutRequiredPkce() {
        for (String clientId : RealmSettings.CLIENT_IDS) {
            JsonObject client = client(realm, clientId);
            assertThat(client.getBoolean("publicClient")).as(clientId).isFalse();
            assertThat(client.getBoolean("standardFlowEnabled")).as(clientId).isTrue();
            assertThat(client.getBoolean("implicitFlowEnabled")).as(clientId).isFalse();
            assertThat(client.getBoolean("directAccessGrantsEnabled")).as(clientId).isFalse();
            JsonObject attributes = client.getJsonObject("attributes");
            // WildFly's elytron-oidc-client subsystem cannot send PKCE
            assertThat(attributes.containsKey("pkce.code.challenge.method")).as(clientId).isFalse();
            assertThat(attributes.getString("backchannel.logout.session.required")).isEqualTo("true");
            assertThat(attributes.getString("access.token.lifespan")).isEqualTo("300");
        }
        assertThat(client(realm, "rap-owner").getJsonObject("attributes").getString("minimum.acr.value")).isEqualTo("gold");
        assertThat(client(realm, "rap-cluster").getJsonObject("attributes").containsKey("minimum.acr.value")).isFalse();
    }

    @Test
    void browserFlowStepsUpFromPasswordToTotp() {
        assertThat(realm.getJsonObject("attributes").getString("acr.loa.map")).isEqualTo("{\"silver\":1,\"gold\":2}");
        List<String> flows = realm.getJsonArray("authenticationFlows").stream()
                .map(flow -> flow.asJsonObject().getString("alias")).collect(Collectors.toList());
        assertThat(flows).contains(realm.getString("browserFlow"), "rap level 1 password", "rap level 2 totp");
        assertThat(realm.getJsonArray("authenticatorConfig").stream().map(JsonValue::asJsonObject)
                .map(config -> config.getJsonObject("config").getString("loa-condition-level") + "/"
                        + config.getJsonObject("config").getString("loa-max-age")))
                .containsExactly("1/36000", "2/300");
        assertThat(realm.getString("otpPolicyAlgorithm")).isEqualTo("HmacSHA1");
        assertThat(realm.getInt("otpPolicyDigits")).isEqualTo(6);
        assertThat(realm.getInt("otpPolicyPeriod")).isEqualTo(30);
        assertThat(realm.getBoolean("bruteForceProtected")).isTrue();
        assertThat(realm.getString("sslRequired")).isEqualTo("external");
    }

    @Test
    void demoUsersCarryAnImportableTotpCredentialAndNoRequiredActions() {
        JsonObject owner = realm.getJsonArray("users").stream().map(JsonValue::asJsonObject)
                .filter(user -> user.getString("username").equals("owner")).findFirst().orElseThrow();
        JsonObject otp = owner.getJsonArray("credentials").stream().map(JsonValue::asJsonObject)
                .filter(credential -> credential.getString("type").equals("otp")).findFirst().orElseThrow();

        // both are JSON documents inside JSON strings, as Keycloak stores them
        JsonObject secretData = parse(otp.getString("secretData"));
        JsonObject credentialData = parse(otp.getString("credentialData"));
        assertThat(secretData.getString("value")).isEqualTo(settings.user("owner").totpSecretBase32());
        assertThat(credentialData.getString("secretEncoding")).isEqualTo("BASE32");
        assertThat(credentialData.getString("algorithm")).isEqualTo("HmacSHA1");
        assertThat(credentialData.getInt("digits")).isEqualTo(6);
        assertThat(credentialData.getInt("period")).isEqualTo(30);
        assertThat(owner.getJsonArray("requiredActions")).isEmpty();
        assertThat(owner.getBoolean("emailVerified")).isTrue();
        assertThat(owner.getJsonArray("realmRoles").getValuesAs(JsonString::getString)).containsExactly("platform-owner");
    }

    private static JsonObject client(JsonObject realm, String clientId) {
        return realm.getJsonArray("clients").stream().map(JsonValue::asJsonObject)
                .filter(client -> client.getString("clientId").equals(clientId)).findFirst().orElseThrow();
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
