package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.payhooks.omise.OmiseFixtures.SECRET_A;
import static org.assertj.core.api.Assertions.assertThat;

/** Omise as the service tools find by name, and the library's null policy on the views. */
class OmiseProviderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void isFoundByNameAndSignsWhatItsSourceVerifies() {
        WebhookProvider omise = WebhookProvider.named("omise").orElseThrow();
        String id = omise.newEventId();
        byte[] body = omise.sampleEvent(omise.sampleEventType(), id, NOW, false);

        WebhookRequest request = omise.signer(List.of(SECRET_A)).request(body, NOW);
        WebhookSource source = omise.source(SecretResolver.of(SECRET_A), omise.defaultTolerance());
        Event event = source.decoder().decode(request, source.verifier().verify(request, NOW));

        assertThat(id).startsWith("evnt_test_");
        assertThat(event.id()).isEqualTo(id);
        assertThat(event.type()).isEqualTo(OmiseEventKeys.CHARGE_COMPLETE);
        assertThat(ChargeView.of(event).paid()).isTrue();
        assertThat(omise.deliveryHeaders()).containsExactly(OmiseWebhooks.SIGNATURE_HEADER, OmiseWebhooks.TIMESTAMP_HEADER);
        assertThat(omise.defaultTolerance()).isEqualTo(OmiseWebhooks.DEFAULT_TOLERANCE);
    }

    @Test
    void viewsKeepNoOptionalFieldsAndReturnNoNull() throws Exception {
        Event sparse = OmiseWebhooks.source(SECRET_A).decoder().decode(WebhookRequest.builder().body(
                ("{\"object\":\"event\",\"id\":\"evnt_1\",\"key\":\"charge.complete\",\"livemode\":false,\"data\":{\"object\":\"x\","
                        + "\"id\":\"i\",\"amount\":1,\"currency\":\"thb\",\"charge\":\"c\",\"status\":\"open\"}}")
                        .getBytes(StandardCharsets.UTF_8)).build(), dev.payhooks.spi.Verification.verified());
        for (Class<?> view : List.of(ChargeView.class, RefundView.class, TransferView.class, DisputeView.class,
                OmiseEventSnapshot.class)) {
            for (Field field : view.getDeclaredFields()) {
                assertThat(field.getType()).as(view.getSimpleName() + "." + field.getName()).isNotEqualTo(Optional.class);
            }
        }
        String kind = "x";
        for (Class<?> view : List.of(ChargeView.class, RefundView.class, TransferView.class, DisputeView.class)) {
            Event event = Event.builder("omise", sparse.id(), sparse.type(),
                    sparse.rawJsonString().replace("\"object\":\"" + kind + "\"", "\"object\":\"" + objectOf(view) + "\"")
                            .getBytes(StandardCharsets.UTF_8)).dataPointer("/data").build();
            Object instance = view.getMethod("of", Event.class).invoke(null, event);
            for (Method accessor : view.getDeclaredMethods()) {
                if (Modifier.isPublic(accessor.getModifiers()) && !Modifier.isStatic(accessor.getModifiers())
                        && accessor.getParameterCount() == 0) {
                    assertThat(accessor.invoke(instance)).as(view.getSimpleName() + "." + accessor.getName()).isNotNull();
                }
            }
        }
    }

    private static String objectOf(Class<?> view) {
        return view.getSimpleName().replace("View", "").toLowerCase(java.util.Locale.ROOT);
    }
}
