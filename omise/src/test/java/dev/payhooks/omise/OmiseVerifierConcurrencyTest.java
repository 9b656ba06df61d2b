package dev.payhooks.omise;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.omise.internal.OmiseSigner;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.payhooks.omise.OmiseFixtures.SECRET_A;
import static dev.payhooks.omise.OmiseFixtures.SECRET_B;
import static dev.payhooks.omise.OmiseFixtures.SIGNED_AT;
import static dev.payhooks.omise.OmiseFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;

/** One verifier shared by several threads and by many tenants (more than its key cache holds). */
class OmiseVerifierConcurrencyTest {

    @Test
    void sharedVerifierGivesTheSameVerdictsOnSeveralThreads() throws Exception {
        SignatureVerifier verifier = OmiseWebhooks.source(SECRET_B, SECRET_A).verifier();
        String[] names = {"charge.complete", "charge.create", "refund.create", "transfer.fail", "dispute.create"};
        OmiseSigner goodSigner = OmiseSigner.of(SECRET_A);
        OmiseSigner badSigner = OmiseSigner.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int accepted = 0;
                    int rejected = 0;
                    for (int i = 0; i < 500; i++) {
                        byte[] body = body(names[i % names.length]);
                        boolean good = i % 3 != 0;
                        WebhookRequest request = (good ? goodSigner : badSigner).request(body, SIGNED_AT);
                        try {
                            verifier.verify(request, SIGNED_AT);
                            accepted++;
                        } catch (dev.payhooks.WebhookVerificationException e) {
                            rejected++;
                        }
                    }
                    return new int[] {accepted, rejected};
                }));
            }
            for (Future<int[]> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).containsExactly(333, 167);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void verifiesMoreTenantsThanTheKeyCacheHolds() {
        int tenants = 1100;
        SignatureVerifier verifier = OmiseWebhooks.builder()
                .secretResolver(SecretResolver.perTenant(TenantKey.header("X-Tenant"),
                        tenant -> List.of(WebhookSecret.of(secretOf(Integer.parseInt(tenant))))))
                .build().verifier();
        byte[] body = body("refund.create");
        for (int round = 0; round < 2; round++) {
            for (int t = 0; t < tenants; t++) {
                WebhookRequest signed = OmiseSigner.of(secretOf(t)).request(body, SIGNED_AT);
                WebhookRequest.Builder request = WebhookRequest.builder().body(body).header("X-Tenant", Integer.toString(t));
                signed.headerNames().forEach(name -> signed.headers(name).forEach(value -> request.header(name, value)));
                assertThat(verifier.verify(request.build(), SIGNED_AT).tenant()).contains(Integer.toString(t));
            }
        }
    }

    private static String secretOf(int tenant) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(32).putInt(tenant).putInt(28, ~tenant).array());
    }
}
