package dev.payhooks.cli;

import dev.payhooks.Event;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.Mode;
import dev.payhooks.Ordering;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.cli.internal.DeliveryLine;
import dev.payhooks.cli.internal.LocalServer;
import dev.payhooks.cli.internal.Providers;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.cli.internal.Stores;
import dev.payhooks.hmac.HmacPresets;
import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.stripe.StripeWebhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code payhooks demo}: a receiver with Stripe, Omise and Standard Webhooks endpoints on an
 * ephemeral loopback port, deduplicating in an embedded H2 database, and a scripted sequence of
 * deliveries sent to it over real HTTP. Exits 0 only when every outcome is the expected one.
 */
@Command(name = "demo",
        description = {"Run a receiver and send it a scripted sequence of deliveries over HTTP.",
                "Stripe, Omise and Standard Webhooks endpoints on a free loopback port, an idempotency",
                "store on embedded H2; prints what happened to each delivery."},
        exitCodeList = {"0:every outcome was the expected one", "1:at least one was not", "2:usage error"})
final class DemoCommand implements Callable<Integer> {

    private static final String STRIPE_PATH = "/webhooks/stripe";
    private static final String OMISE_PATH = "/webhooks/omise";
    private static final String STANDARD_PATH = "/webhooks/standard";

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print each delivery as one JSON object per line instead of the table.")
    private boolean json;

    /** What the handlers saw during the current delivery. */
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    /** The receiver's answer to the current delivery. */
    private final AtomicReference<WebhookResponse> last = new AtomicReference<>();
    /** Omise events whose handler fails once, as if the database were down. */
    private final Set<String> failOnce = Collections.synchronizedSet(new java.util.HashSet<>());

    @Override
    public Integer call() throws InterruptedException {
        // The scripted handler failure is logged as a warning with a stack trace; the table shows it.
        System.setProperty("org.slf4j.simpleLogger.log.dev.payhooks.WebhookReceiver", "error");
        SecureRandom random = new SecureRandom();
        String stripeSecret = "whsec_" + base64(random, 32);
        String omiseSecret = base64(random, 32);
        String profile1 = "whsec_" + base64(random, 32);
        String profile2Old = "whsec_" + base64(random, 32);
        String profile2New = "whsec_" + base64(random, 32);
        Map<String, List<WebhookSecret>> tenants = Map.of(
                "m_1/gp_1", List.of(WebhookSecret.of(profile1)),
                // a profile whose secret is being rolled: both are accepted during Stripe's grace period.
                "m_1/gp_2", List.of(WebhookSecret.of(profile2New), WebhookSecret.of(profile2Old)));

        IdempotencyStore store = Stores.embeddedH2();
        WebhookListener recorder = new WebhookListener() {
            @Override
            public void onCompleted(WebhookResponse response, Duration elapsed) {
                last.set(response);
            }
        };
        Map<String, WebhookReceiver> receivers = new LinkedHashMap<>();
        receivers.put(STRIPE_PATH, WebhookReceiver.builder()
                .source(StripeWebhooks.source(stripeSecret))
                .idempotencyStore(store)
                // A test-mode endpoint: live events are acknowledged and ignored.
                .filter(event -> event.mode() == Mode.TEST)
                // Older events of a refund that arrive after a newer one are acknowledged and skipped.
                .ordering(Ordering.inMemory())
                .on("refund.failed", event -> seen.add("refund " + event.at("/data/object/id").orElse("?") + " failed"))
                .on("refund.updated", event -> seen.add("refund " + event.at("/data/object/id").orElse("?") + " updated"))
                .on("payment_intent.*", event -> seen.add("payment " + event.at("/data/object/id").orElse("?")))
                .listener(recorder)
                .build());
        receivers.put(OMISE_PATH, WebhookReceiver.builder()
                .source(OmiseWebhooks.source(omiseSecret))
                .idempotencyStore(store)
                .on("charge.complete", this::omiseCharge)
                .listener(recorder)
                .build());
        receivers.put(STANDARD_PATH, WebhookReceiver.builder()
                .source(HmacPresets.standardWebhooks().source(SecretResolver.perTenant(
                        TenantKey.queryParameters("merchant", "profile"), tenants::get)))
                .idempotencyStore(store)
                .on("invoice.paid", event -> seen.add("invoice " + event.at("/data/id").orElse("?")
                        + " paid for " + event.tenant().orElse("?")))
                .listener(recorder)
                .build());

        List<Step> steps = new ArrayList<>();
        Instant now = Instant.now();
        WebhookProvider stripe = Providers.named(StripeWebhooks.PROVIDER);
        WebhookProvider omise = Providers.named(OmiseWebhooks.PROVIDER);
        WebhookProvider standard = Providers.named("standard-webhooks");
        String refund = stripe.newEventId();
        String charge = omise.newEventId();
        String retried = omise.newEventId();
        failOnce.add(retried);
        steps.add(Step.of(stripe, STRIPE_PATH, "refund.failed", refund, stripeSecret, now, "valid", 200, "handled"));
        steps.add(Step.of(stripe, STRIPE_PATH, "refund.failed", refund, stripeSecret, now,
                "the same event again", 200, "duplicate"));
        steps.add(Step.of(stripe, STRIPE_PATH, "refund.updated", stripe.newEventId(), stripeSecret, now,
                "older refund.updated, late", 200, "stale").createdEarlierAt(now.minus(Duration.ofHours(1))));
        steps.add(Step.of(stripe, STRIPE_PATH, "refund.failed", stripe.newEventId(), stripeSecret, now,
                "body changed after signing", 401, "rejected").bodyChangedAfterSigning());
        steps.add(Step.of(stripe, STRIPE_PATH, "refund.failed", stripe.newEventId(), stripeSecret,
                now.minus(Duration.ofMinutes(10)), "signed 10 minutes ago", 401, "rejected"));
        steps.add(Step.of(stripe, STRIPE_PATH, "payment_intent.succeeded", stripe.newEventId(), stripeSecret,
                now, "live event to a test endpoint", 200, "filtered").liveMode());
        steps.add(Step.of(omise, OMISE_PATH, "charge.complete", charge, omiseSecret, now, "valid", 200, "handled"));
        steps.add(Step.of(omise, OMISE_PATH, "charge.complete", retried, omiseSecret, now,
                "valid; the handler fails", 500, "failed"));
        steps.add(Step.of(omise, OMISE_PATH, "charge.complete", retried, omiseSecret, now,
                "the provider's retry", 200, "handled"));
        steps.add(Step.of(standard, STANDARD_PATH + "?merchant=m_1&profile=gp_1", "invoice.paid",
                standard.newEventId(), profile1, now, "valid, tenant m_1/gp_1", 200, "handled"));
        steps.add(Step.of(standard, STANDARD_PATH + "?merchant=m_1&profile=gp_2", "invoice.paid",
                standard.newEventId(), profile2Old, now, "old secret during a roll, gp_2", 200, "handled"));
        steps.add(Step.of(standard, STANDARD_PATH + "?merchant=m_1&profile=gp_9", "invoice.paid",
                standard.newEventId(), profile1, now, "unknown tenant m_1/gp_9", 404, "rejected"));
        steps.add(Step.of(standard, STANDARD_PATH + "?merchant=m_1&profile=gp_2", "invoice.paid",
                standard.newEventId(), profile1, now, "gp_1's secret sent to gp_2", 401, "rejected"));
        steps.add(Step.of(standard, STANDARD_PATH + "?merchant=m_1&profile=gp_1", "invoice.voided",
                standard.newEventId(), profile1, now, "a type with no handler", 200, "filtered"));

        PrintWriter out = spec.commandLine().getOut();
        int failures = 0;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (LocalServer server = LocalServer.start("127.0.0.1", 0, receivers)) {
            if (!json) {
                out.println("payhooks demo: Stripe, Omise and Standard Webhooks endpoints on " + server.baseUrl()
                        + ", idempotency store on embedded H2");
                out.println();
                out.println(String.format(Locale.ROOT, "%-2s %-17s %-24s %-31s %-6s %-10s %-40s %s",
                        "#", "provider", "event", "sent", "status", "outcome", "handler saw", "ok"));
            }
            int number = 0;
            for (Step step : steps) {
                number++;
                seen.clear();
                last.set(null);
                int status = post(client, server.baseUrl(), step);
                WebhookResponse response = last.get();
                String outcome = response == null ? "-" : DeliveryLine.outcomeName(response.outcome());
                String reason = response == null ? "" : response.reason().map(r -> " " + r.name()).orElse("");
                boolean ok = status == step.expectedStatus() && outcome.equals(step.expectedOutcome());
                failures += ok ? 0 : 1;
                String saw = seen.isEmpty() ? "-" : String.join("; ", seen);
                if (json) {
                    out.println(response == null ? "{\"status\":" + status + "}"
                            : DeliveryLine.json(step.provider().name(), response));
                } else {
                    out.println(String.format(Locale.ROOT, "%-2d %-17s %-24s %-31s %-6d %-10s %-40s %s",
                            number, step.provider().name(), step.type(), step.description(), status, outcome,
                            reason.isEmpty() ? saw : reason.strip(),
                            ok ? "yes" : "NO (expected " + step.expectedStatus() + " " + step.expectedOutcome() + ")"));
                }
            }
        }
        if (!json) {
            out.println();
            out.println(failures == 0
                    ? "All " + steps.size() + " outcomes were the expected ones."
                    : failures + " of " + steps.size() + " outcomes were NOT the expected ones.");
        }
        out.flush();
        return failures == 0 ? PayhooksCommand.OK : PayhooksCommand.INVALID;
    }

    private void omiseCharge(Event event) {
        String chargeId = event.at("/data/id").orElse("?");
        if (failOnce.remove(event.id())) {
            seen.add("charge " + chargeId + " threw");
            throw new IllegalStateException("simulated outage of the merchant's database");
        }
        seen.add("charge " + chargeId + " " + event.at("/data/amount").orElse("?") + " "
                + event.at("/data/currency").orElse("?"));
    }

    private static int post(HttpClient client, String baseUrl, Step step) throws InterruptedException {
        Instant created = step.createdAt() != null ? step.createdAt() : step.signedAt();
        byte[] body = step.provider().sampleEvent(step.type(), step.id(), created, step.live());
        var headers = Providers.sign(step.provider(), List.of(step.secret()), body, step.signedAt(), step.id(),
                Optional.of(step.type()));
        if (step.tampered()) {
            // One changed amount: what a proxy or a re-serialising framework does to a body.
            body = new String(body, StandardCharsets.UTF_8).replace("1000", "9000").getBytes(StandardCharsets.UTF_8);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + step.path()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("the demo could not reach its own receiver: " + e, e);
        }
    }

    private static String base64(SecureRandom random, int bytes) {
        byte[] key = new byte[bytes];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * One scripted delivery and its expected outcome; {@code createdAt} is when the provider created the
     * event (null: when it signs this delivery).
     */
    private record Step(WebhookProvider provider, String path, String type, String id, String secret, Instant signedAt,
                        String description, int expectedStatus, String expectedOutcome, boolean tampered, boolean live,
                        Instant createdAt) {

        static Step of(WebhookProvider provider, String path, String type, String id, String secret, Instant signedAt,
                       String description, int expectedStatus, String expectedOutcome) {
            return new Step(provider, path, type, id, secret, signedAt, description, expectedStatus, expectedOutcome,
                    false, false, null);
        }

        /** The body is changed after signing. */
        Step bodyChangedAfterSigning() {
            return with(true, live, createdAt);
        }

        /** A live-mode event. */
        Step liveMode() {
            return with(tampered, true, createdAt);
        }

        /** An event the provider created earlier than it signs this delivery (a late retry). */
        Step createdEarlierAt(Instant created) {
            return with(tampered, live, created);
        }

        private Step with(boolean tampered, boolean live, Instant createdAt) {
            return new Step(provider, path, type, id, secret, signedAt, description, expectedStatus, expectedOutcome,
                    tampered, live, createdAt);
        }
    }
}
