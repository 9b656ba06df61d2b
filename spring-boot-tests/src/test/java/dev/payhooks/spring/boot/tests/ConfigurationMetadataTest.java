package dev.payhooks.spring.boot.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's jar carries generated configuration metadata, so IDEs complete and document payhooks.* properties. */
class ConfigurationMetadataTest {

    @Test
    void everyTopLevelPropertyIsDescribedWithItsDefault() throws IOException {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json on the class path").isNotNull();
            for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
                if (property.get("name").asText().startsWith("payhooks.")) {
                    properties.put(property.get("name").asText(), property);
                }
            }
        }
        assertThat(properties).containsKeys("payhooks.endpoints", "payhooks.store", "payhooks.filter-order",
                "payhooks.inbox.enabled", "payhooks.inbox.threads", "payhooks.jdbc.create-schema",
                "payhooks.health.max-pending-age");
        assertThat(properties.values()).allSatisfy(property -> assertThat(property.path("description").asText()).isNotBlank());
        assertThat(properties.get("payhooks.inbox.threads").path("defaultValue").asInt()).isEqualTo(4);
        assertThat(properties.get("payhooks.filter-order").path("defaultValue").asInt()).isEqualTo(-110);
    }
}
