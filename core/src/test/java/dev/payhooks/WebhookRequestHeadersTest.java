package dev.payhooks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Header lookup compares names in place; these tests hold it to the rule it replaced: names are
 * equal when their {@code toLowerCase(Locale.ROOT)} forms are, values keep arrival order, and
 * {@link WebhookRequest#headerNames()} lists the lower-cased names in order of first arrival.
 */
class WebhookRequestHeadersTest {

    private static final String[] NAMES = {"Stripe-Signature", "stripe-signature", "STRIPE-SIGNATURE", "Content-Type",
        "X-Forwarded-For", "webhook-id", "Webhook-Id", "a", "A", "@", "`", "[", "{", "Stripe-Signaturf",
        // Non-ASCII look-alikes: U+0130 lower-cases to two chars, U+212A (Kelvin) to 'k', U+017F to itself.
        "Str\u0130pe-Signature", "\u212Aey", "key", "KEY", "\u017Fig", "sig", "\u00C9t\u00E9", "\u00E9T\u00C9"};

    @Test
    void lookupMatchesTheLowerCasedMapItReplacedOnRandomHeaderSets() {
        Random random = new Random(22);
        for (int round = 0; round < 5_000; round++) {
            WebhookRequest.Builder builder = WebhookRequest.builder();
            Map<String, List<String>> model = new LinkedHashMap<>();
            int count = random.nextInt(30);
            for (int i = 0; i < count; i++) {
                String name = NAMES[random.nextInt(NAMES.length)];
                String value = "v" + i;
                builder.header(name, value);
                model.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
            }
            WebhookRequest request = builder.build();
            for (String wanted : NAMES) {
                List<String> expected = model.getOrDefault(wanted.toLowerCase(Locale.ROOT), List.of());
                assertThat(request.headers(wanted)).as("%s in %s", wanted, model).isEqualTo(expected);
                assertThat(request.header(wanted)).isEqualTo(expected.stream().findFirst());
            }
            assertThat(request.headerNames()).containsExactlyElementsOf(model.keySet());
        }
    }

    @Test
    void aBuilderUsedAgainAfterBuildLeavesTheFirstRequestAsItWas() {
        WebhookRequest.Builder builder = WebhookRequest.builder().header("Stripe-Signature", "t=1,v1=00");
        WebhookRequest first = builder.build();
        builder.header("stripe-signature", "t=2,v1=11");
        for (int i = 0; i < 40; i++) {
            builder.header("X-Extra-" + i, "x");
        }
        WebhookRequest second = builder.build();

        assertThat(first.headers("STRIPE-SIGNATURE")).containsExactly("t=1,v1=00");
        assertThat(first.headerNames()).containsExactly("stripe-signature");
        assertThat(second.headers("Stripe-Signature")).containsExactly("t=1,v1=00", "t=2,v1=11");
        assertThat(second.headers("x-extra-39")).containsExactly("x");
        assertThat(second.headerNames()).hasSize(41);
    }

    @Test
    void valuesAreUnmodifiableAndNullsAreRefused() {
        WebhookRequest request = WebhookRequest.builder().header("A", "1").header("a", "2").build();
        assertThat(request.headers("a")).isUnmodifiable();
        assertThat(request.headers("A")).isUnmodifiable();
        assertThat(request.headers("b")).isUnmodifiable().isEmpty();
        assertThat(request.headerNames()).isUnmodifiable();
        assertThat(request.queryParameterNames()).isEmpty();
        assertThatNullPointerException().isThrownBy(() -> request.headers(null));
        assertThatNullPointerException().isThrownBy(() -> WebhookRequest.builder().header(null, "v"));
        assertThatNullPointerException().isThrownBy(() -> WebhookRequest.builder().header("n", null));
    }
}
