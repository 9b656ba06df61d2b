package dev.payhooks.jpmstest;

import com.stripe.model.Refund;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.hmac.HmacScheme;
import dev.payhooks.servlet.WebhookFilter;
import dev.payhooks.spi.HttpAdapterBuilder;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.java.StripeEventData;
import dev.payhooks.stripe.java.StripeObjects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * payhooks used from a named module on the module path: surefire runs these tests patched into
 * {@code dev.payhooks.jpmstest}, and the last one starts a fresh JVM with nothing but
 * {@code --module-path} and {@code --module}, as a merchant's modular application would run.
 */
class ModulePathTest {

    private static final long T = ModulePathCheck.NOW.getEpochSecond();

    private final ModularMerchant merchant = new ModularMerchant(Clock.fixed(ModulePathCheck.NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() throws Exception {
        merchant.stop();
    }

    @Test
    void everyPayhooksModuleIsANamedModuleWithItsInternalsHidden() {
        assertThat(ModularMerchant.class.getModule().getName()).isEqualTo("dev.payhooks.jpmstest");
        Module core = WebhookReceiver.class.getModule();
        Module stripe = StripeWebhooks.class.getModule();
        assertThat(core.getName()).isEqualTo("dev.payhooks");
        assertThat(stripe.getName()).isEqualTo("dev.payhooks.stripe");
        assertThat(HmacScheme.class.getModule().getName()).isEqualTo("dev.payhooks.hmac");
        assertThat(WebhookFilter.class.getModule().getName()).isEqualTo("dev.payhooks.servlet");

        assertThat(core.getPackages()).contains("dev.payhooks.internal");
        assertThat(core.isExported("dev.payhooks.internal")).isFalse();
        assertThat(core.isExported("dev.payhooks.spi")).isTrue();
        Module jackson = ModuleLayer.boot().findModule("com.fasterxml.jackson.databind").orElseThrow();
        assertThat(stripe.isOpen("dev.payhooks.stripe.view", jackson)).isTrue();
        assertThat(stripe.isOpen("dev.payhooks.stripe.view", ModularMerchant.class.getModule())).isFalse();
    }

    @Test
    void findsTheProviderModulesByNameThroughTheirProvidesClauses() {
        assertThat(WebhookProvider.installed()).extracting(WebhookProvider::name)
                .containsExactly("github", "paddle", "shopify", "slack", "standard-webhooks", "stripe", "yoco");
        assertThat(WebhookProvider.named("stripe").orElseThrow().getClass().getModule().getName())
                .isEqualTo("dev.payhooks.stripe");
    }

    @Test
    void receivesASignedStripeDeliveryAndBindsStripesViewThroughJackson() {
        byte[] body = Deliveries.stripeRefundFailed("evt_1", "re_1");

        WebhookResponse response = merchant.stripe()
                .receive(Deliveries.request(body, Deliveries.stripeHeaders(Deliveries.STRIPE_SECRET, T, body)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(merchant.handled()).containsExactly("refund re_1 expired_or_canceled_card");
    }

    @Test
    void bindsStripeJavasModelsOnTheModulePath() {
        List<String> amounts = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.source(Deliveries.STRIPE_SECRET))
                .idempotencyStore(dev.payhooks.spi.IdempotencyStore.inMemory())
                .clock(Clock.fixed(ModulePathCheck.NOW, ZoneOffset.UTC))
                .on("refund.failed", event -> {
                    StripeEventData data = StripeObjects.of(event);
                    amounts.add(data.object(Refund.class).getAmount() + " " + data.apiVersionMismatch().isPresent());
                })
                .build();
        byte[] body = Deliveries.stripeRefundFailed("evt_1", "re_1");

        WebhookResponse response = receiver.receive(Deliveries.request(body, Deliveries.stripeHeaders(Deliveries.STRIPE_SECRET, T, body)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(amounts).containsExactly("1000 true");
        Module binding = StripeObjects.class.getModule();
        assertThat(binding.getName()).isEqualTo("dev.payhooks.stripe.java");
        assertThat(binding.getPackages()).contains("dev.payhooks.stripe.java.internal");
        assertThat(binding.isExported("dev.payhooks.stripe.java.internal")).isFalse();
        // stripe-java has no descriptor: an automatic module under the name its manifest (or file name) gives.
        assertThat(Refund.class.getModule().getName()).isEqualTo("stripe.java");
        assertThat(Refund.class.getModule().getDescriptor().isAutomatic()).isTrue();
    }

    @Test
    void rejectsAStripeDeliverySignedWithAnotherSecret() {
        byte[] body = Deliveries.stripeRefundFailed("evt_1", "re_1");

        WebhookResponse response = merchant.stripe()
                .receive(Deliveries.request(body, Deliveries.stripeHeaders("whsec_not_the_secret", T, body)));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(merchant.handled()).isEmpty();
    }

    @Test
    void receivesAStandardWebhooksDeliveryIntoTheMerchantsOwnOpenedRecord() {
        byte[] body = Deliveries.orderPaid("ord_1", 2900);

        WebhookResponse response = merchant.standardWebhooks().receive(Deliveries.request(body,
                Deliveries.standardWebhooksHeaders(Deliveries.STANDARD_WEBHOOKS_SECRET, "msg_1", T, body)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(merchant.handled()).containsExactly("order ord_1 2900");
    }

    @Test
    void cannotBindARecordWhosePackageIsNotOpened() {
        // On the class path this would bind; on the module path Jackson may not reach the record.
        assertThat(ModulePathCheck.bindClosedRecord(merchant)).isEqualTo(RejectionReason.INVALID_EVENT_FIELD.name());
    }

    @Test
    void servesBothProvidersThroughTheServletFilterInJetty() throws Exception {
        URI base = merchant.start();
        byte[] refund = Deliveries.stripeRefundFailed("evt_2", "re_2");
        byte[] order = Deliveries.orderPaid("ord_2", 4100);

        assertThat(Deliveries.post(base.resolve(ModularMerchant.STRIPE_PATH), refund,
                Deliveries.stripeHeaders("whsec_not_the_secret", T, refund))).isEqualTo(401);
        assertThat(Deliveries.post(base.resolve(ModularMerchant.STRIPE_PATH), refund,
                Deliveries.stripeHeaders(Deliveries.STRIPE_SECRET, T, refund))).isEqualTo(200);
        assertThat(Deliveries.post(base.resolve(ModularMerchant.STANDARD_WEBHOOKS_PATH), order,
                Deliveries.standardWebhooksHeaders(Deliveries.STANDARD_WEBHOOKS_SECRET, "msg_2", T, order))).isEqualTo(200);
        assertThat(merchant.handled()).containsExactly("refund re_2 expired_or_canceled_card", "order ord_2 4100");
    }

    @Test
    void configuresTheServletFilterThroughTheBuilderOptionsItInheritsFromCore() throws Exception {
        URI base = merchant.start();

        // The Standard Webhooks filter was built with maxBodyBytes, acceptContentTypes and readTimeout,
        // declared by core's exported HttpAdapterBuilder and called from this module.
        assertThat(WebhookFilter.Builder.class.getSuperclass()).isEqualTo(HttpAdapterBuilder.class);
        assertThat(HttpAdapterBuilder.class.getModule().isExported(HttpAdapterBuilder.class.getPackageName(),
                ModularMerchant.class.getModule())).isTrue();
        assertThat(ModulePathCheck.postOversized(base, T)).isEqualTo(413);
        assertThat(ModulePathCheck.postAsText(base, T)).isEqualTo(415);
        assertThat(merchant.handled()).isEmpty();
    }

    @Test
    void runsAsAModularApplicationInAFreshJvm() throws IOException, InterruptedException {
        String modulePath = System.getProperty("jdk.module.path");
        assertThat(modulePath).as("surefire must run this module on the module path").isNotBlank();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath,
                "--module", "dev.payhooks.jpmstest/" + ModulePathCheck.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines()).as(output).contains(
                "module ModulePathCheck dev.payhooks.jpmstest",
                "module WebhookReceiver dev.payhooks",
                "module StripeWebhooks dev.payhooks.stripe",
                "module HmacScheme dev.payhooks.hmac",
                "module WebhookFilter dev.payhooks.servlet",
                "providers github paddle shopify slack standard-webhooks stripe yoco",
                "direct stripe signed 200",
                "direct stripe forged 401",
                "direct standard signed 200",
                "http stripe signed 200",
                "http stripe forged 401",
                "http standard signed 200",
                "http standard oversized 413",
                "http standard text 415",
                "handled refund re_direct expired_or_canceled_card",
                "handled order ord_direct 2900",
                "handled refund re_http expired_or_canceled_card",
                "handled order ord_http 4100",
                "closed record INVALID_EVENT_FIELD");
    }
}
