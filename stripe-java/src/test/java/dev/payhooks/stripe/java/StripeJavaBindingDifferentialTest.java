package dev.payhooks.stripe.java;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.Stripe;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against stripe-java itself: seeded generated Stripe deliveries (refunds, charges,
 * payment intents, customers and invoice items with random ids, amounts, metadata in any script,
 * expanded and unexpanded references, members stripe-java does not know, at stripe-java's API version
 * or another) go through payhooks (a real {@link WebhookReceiver}, then {@link StripeObjects}) and
 * through {@code Webhook.constructEvent} + {@code getDataObjectDeserializer()}. When both accept, the
 * objects are equal ({@code equals} and the JSON stripe-java writes back, which covers expanded
 * references that {@code equals} skips). At stripe-java's API version that is {@code getObject()}; at
 * another one {@code getObject()} is empty, payhooks still binds and reports the mismatch, and the
 * comparison is with {@code deserializeUnsafe()}.
 *
 * <p>Verdicts agree except where payhooks is deliberately stricter, each allowed only for the
 * mutation that causes it:
 * <ol>
 *   <li>{@code future}: signed more than 300 s ahead of the clock; stripe-java checks only the past.</li>
 *   <li>{@code duplicate key}: a member twice in {@code data.object}; payhooks refuses it
 *       ({@link RejectionReason#DUPLICATE_JSON_KEY}), Gson keeps the last one.</li>
 * </ol>
 * There is no case where payhooks accepts and stripe-java rejects.
 *
 * <p>Run with another seed: {@code mvn -pl stripe-java verify -Dpayhooks.seed=123}.
 */
class StripeJavaBindingDifferentialTest {

    private static final long SEED = Long.getLong("payhooks.seed", 0x5781BE7AL);
    private static final int CASES = 2_000;
    private static final long TOLERANCE = 300;
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final String[] OTHER_VERSIONS = {"2020-08-27", "2023-10-16", "2024-06-20", "2025-03-31.basil"};

    enum Mutation { VALID, FUTURE_WITHIN, TAMPERED, WRONG_SECRET, STALE, TRAILING_CONTENT, FUTURE_BEYOND, DUPLICATE_KEY }

    record Case(Mutation mutation, String body, String header, String secret, String apiVersion) {
    }

    @Test
    void payhooksAndStripeJavaBindEqualObjectsWheneverBothAccept() {
        Random random = new Random(SEED);
        List<String> secrets = new ArrayList<>();
        Map<String, WebhookReceiver> receivers = new LinkedHashMap<>();
        AtomicReference<Event> seen = new AtomicReference<>();
        for (int i = 0; i < 8; i++) {
            String secret = "whsec_" + token(random, 32);
            secrets.add(secret);
            receivers.put(secret, Deliveries.receiver(secret, seen));
        }
        List<String> unexplained = new ArrayList<>();
        Map<String, Integer> differences = new TreeMap<>();
        Map<Mutation, Integer> perMutation = new EnumMap<>(Mutation.class);
        int bothAcceptSameVersion = 0;
        int bothAcceptOtherVersion = 0;
        int bothReject = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = generate(random, secrets, i);
            perMutation.merge(c.mutation(), 1, Integer::sum);
            seen.set(null);
            WebhookResponse ours = receivers.get(c.secret())
                    .receive(Deliveries.request(c.body().getBytes(StandardCharsets.UTF_8), c.header()));
            com.stripe.model.Event theirs = theirs(c);
            boolean oursAccepts = ours.status() == 200 && seen.get() != null;
            String where = "case " + i + " " + c.mutation() + " (seed " + SEED + ")";
            if (oursAccepts && theirs != null) {
                String problem = compare(seen.get(), theirs, c);
                if (problem != null) {
                    unexplained.add(where + ": " + problem);
                } else if (c.apiVersion().equals(Stripe.API_VERSION)) {
                    bothAcceptSameVersion++;
                } else {
                    bothAcceptOtherVersion++;
                }
            } else if (!oursAccepts && theirs == null) {
                bothReject++;
            } else {
                String explanation = explain(c, ours, theirs != null);
                if (explanation == null) {
                    unexplained.add(where + ": payhooks " + ours.status() + " " + ours.reason().orElse(null)
                            + ", stripe-java " + (theirs == null ? "rejects" : "accepts"));
                } else {
                    differences.merge(explanation, 1, Integer::sum);
                }
            }
        }
        String summary = "seed=" + SEED + " cases=" + CASES + " bothAcceptSameVersion=" + bothAcceptSameVersion
                + " bothAcceptOtherVersion=" + bothAcceptOtherVersion + " bothReject=" + bothReject
                + " listedDifferences=" + differences + " perMutation=" + perMutation;
        System.out.println("[stripe-java binding differential] " + summary);
        assertThat(unexplained).as(summary).isEmpty();
        // Not vacuous: many objects compared at either kind of version, and both listed differences seen.
        assertThat(bothAcceptSameVersion).as(summary).isGreaterThan(CASES / 10);
        assertThat(bothAcceptOtherVersion).as(summary).isGreaterThan(CASES / 10);
        assertThat(bothReject).as(summary).isGreaterThan(CASES / 10);
        assertThat(differences.keySet()).as(summary).containsExactlyInAnyOrder("future", "duplicate key");
    }

    /** {@code null} when payhooks' binding equals stripe-java's, else what differs. */
    private static String compare(Event event, com.stripe.model.Event theirs, Case c) {
        StripeEventData data = StripeObjects.of(event);
        StripeObject ours = data.object();
        EventDataObjectDeserializer deserializer = theirs.getDataObjectDeserializer();
        StripeObject reference;
        if (c.apiVersion().equals(Stripe.API_VERSION)) {
            if (data.apiVersionMismatch().isPresent()) {
                return "a mismatch reported at stripe-java's own API version";
            }
            if (deserializer.getObject().isEmpty()) {
                return "stripe-java's getObject() is empty at its own API version";
            }
            reference = deserializer.getObject().get();
        } else {
            if (data.apiVersionMismatch().map(m -> !m.eventApiVersion().equals(c.apiVersion())).orElse(true)) {
                return "no mismatch reported for API version " + c.apiVersion();
            }
            if (deserializer.getObject().isPresent()) {
                return "stripe-java's getObject() is present at another API version";
            }
            try {
                reference = deserializer.deserializeUnsafe();
            } catch (EventDataObjectDeserializationException e) {
                return "stripe-java's deserializeUnsafe() failed: " + e.getClass().getSimpleName();
            }
        }
        if (!ours.getClass().equals(reference.getClass())) {
            return "classes differ: " + ours.getClass().getName() + " vs " + reference.getClass().getName();
        }
        if (!ours.equals(reference)) {
            return "objects differ (equals)";
        }
        if (!ours.toJson().equals(reference.toJson())) {
            return "objects differ (toJson)";
        }
        if (!data.stripeEvent().equals(theirs)) {
            return "whole events differ";
        }
        return null;
    }

    /** stripe-java's verdict: the event, or {@code null} for any exception (signature or parsing). */
    private static com.stripe.model.Event theirs(Case c) {
        try {
            return Webhook.constructEvent(c.body(), c.header(), c.secret(), TOLERANCE,
                    Clock.fixed(Deliveries.NOW, ZoneOffset.UTC));
        } catch (Exception e) {
            return null;
        }
    }

    private static String explain(Case c, WebhookResponse ours, boolean theirsAccepts) {
        if (!theirsAccepts) {
            return null; // payhooks never accepts what stripe-java rejects
        }
        RejectionReason reason = ours.reason().orElse(null);
        if (c.mutation() == Mutation.FUTURE_BEYOND && reason == RejectionReason.TIMESTAMP_IN_FUTURE) {
            return "future";
        }
        if (c.mutation() == Mutation.DUPLICATE_KEY && reason == RejectionReason.DUPLICATE_JSON_KEY) {
            return "duplicate key";
        }
        return null;
    }

    private static Case generate(Random random, List<String> secrets, int index) {
        Mutation[] all = Mutation.values();
        Mutation mutation = random.nextInt(3) == 0 ? Mutation.VALID : all[random.nextInt(all.length)];
        String secret = secrets.get(random.nextInt(secrets.size()));
        String apiVersion = random.nextBoolean() ? Stripe.API_VERSION : OTHER_VERSIONS[random.nextInt(OTHER_VERSIONS.length)];
        Map<String, Object> object = object(random);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", "evt_" + index + "_" + token(random, 16));
        envelope.put("object", "event");
        envelope.put("api_version", apiVersion);
        envelope.put("created", 1_700_000_000L + random.nextInt(100_000_000));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", object);
        if (random.nextInt(4) == 0) {
            data.put("previous_attributes", Map.of("metadata", metadata(random)));
        }
        envelope.put("data", data);
        envelope.put("livemode", random.nextBoolean());
        envelope.put("pending_webhooks", random.nextInt(5));
        envelope.put("request", random.nextBoolean() ? Map.of("id", "req_" + token(random, 14)) : nullMap("id"));
        envelope.put("type", object.get("object") + (random.nextBoolean() ? ".updated" : ".created"));
        String body;
        try {
            body = mutation == Mutation.DUPLICATE_KEY || random.nextBoolean() ? JACKSON.writeValueAsString(envelope)
                    : JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long now = Deliveries.NOW.getEpochSecond();
        long t = now - random.nextInt((int) TOLERANCE);
        switch (mutation) {
            case FUTURE_WITHIN -> t = now + random.nextInt((int) TOLERANCE);
            case FUTURE_BEYOND -> t = now + TOLERANCE + 1 + random.nextInt(100_000);
            case STALE -> t = now - TOLERANCE - 1 - random.nextInt(100_000);
            case TRAILING_CONTENT -> body = body + (random.nextBoolean() ? "{}" : " x");
            case DUPLICATE_KEY -> {
                // An id a filter might read before the real one: payhooks refuses the body, Gson keeps the last.
                String start = "\"data\":{\"object\":{\"id\":";
                if (!body.contains(start)) {
                    throw new IllegalStateException("the duplicate-key mutation needs the compact form");
                }
                body = body.replace(start, start + "\"re_shadowed\",\"id\":");
            }
            default -> {
            }
        }
        byte[] signedBytes = body.getBytes(StandardCharsets.UTF_8);
        String header = switch (mutation) {
            case WRONG_SECRET -> Deliveries.header("whsec_" + token(random, 32), t, signedBytes);
            default -> Deliveries.header(secret, t, signedBytes);
        };
        if (mutation == Mutation.TAMPERED) {
            body = body.replaceFirst("\"livemode\"", "\"livemode\" ");
        }
        return new Case(mutation, body, header, secret, apiVersion);
    }

    private static Map<String, Object> object(Random random) {
        Map<String, Object> o = new LinkedHashMap<>();
        switch (random.nextInt(5)) {
            case 0 -> {
                o.put("id", "re_" + token(random, 24));
                o.put("object", "refund");
                o.put("amount", amount(random));
                o.put("charge", reference(random, "ch_", "charge"));
                o.put("currency", pick(random, "usd", "eur", "jpy", "thb"));
                o.put("destination_details", random.nextBoolean() ? null
                        : Map.of("type", "card", "card", Map.of("type", "refund", "reference", token(random, 10))));
                o.put("metadata", metadata(random));
                o.put("payment_intent", random.nextBoolean() ? null : "pi_" + token(random, 24));
                o.put("reason", random.nextBoolean() ? null : pick(random, "duplicate", "fraudulent", "requested_by_customer"));
                o.put("status", pick(random, "pending", "succeeded", "failed", "canceled", "requires_action"));
            }
            case 1 -> {
                o.put("id", "ch_" + token(random, 24));
                o.put("object", "charge");
                o.put("amount", amount(random));
                o.put("amount_captured", amount(random));
                o.put("amount_refunded", amount(random));
                o.put("billing_details", Map.of("email", text(random), "name", text(random),
                        "address", Map.of("city", text(random), "country", pick(random, "US", "TH", "DE"))));
                o.put("captured", random.nextBoolean());
                o.put("currency", pick(random, "usd", "eur", "jpy", "thb"));
                o.put("metadata", metadata(random));
                o.put("paid", random.nextBoolean());
                o.put("payment_intent", reference(random, "pi_", "payment_intent"));
                o.put("status", pick(random, "succeeded", "pending", "failed"));
            }
            case 2 -> {
                o.put("id", "pi_" + token(random, 24));
                o.put("object", "payment_intent");
                o.put("amount", amount(random));
                o.put("amount_received", amount(random));
                o.put("currency", pick(random, "usd", "eur", "jpy", "thb"));
                o.put("latest_charge", reference(random, "ch_", "charge"));
                o.put("metadata", metadata(random));
                o.put("payment_method_types", List.of("card", pick(random, "link", "promptpay", "sepa_debit")));
                o.put("status", pick(random, "succeeded", "processing", "requires_payment_method", "canceled"));
            }
            case 3 -> {
                o.put("id", "cus_" + token(random, 14));
                o.put("object", "customer");
                o.put("address", null);
                o.put("balance", amount(random));
                o.put("email", text(random));
                o.put("metadata", metadata(random));
                o.put("name", text(random));
            }
            default -> {
                o.put("id", "ii_" + token(random, 24));
                o.put("object", "invoiceitem");
                o.put("amount", amount(random));
                o.put("currency", pick(random, "usd", "eur"));
                o.put("customer", "cus_" + token(random, 14));
                o.put("description", random.nextBoolean() ? null : text(random));
                o.put("metadata", metadata(random));
                o.put("period", Map.of("start", 1_700_000_000L + random.nextInt(1000), "end", 1_800_000_000L));
            }
        }
        if (random.nextInt(3) == 0) {
            // A member a later API version adds: both sides must ignore it.
            o.put("x_future_" + token(random, 5), random.nextBoolean() ? text(random) : Map.of("nested", List.of(1, 2)));
        }
        return o;
    }

    /** An expandable reference: an id, an expanded object, or null. */
    private static Object reference(Random random, String prefix, String type) {
        String id = prefix + token(random, 24);
        return switch (random.nextInt(3)) {
            case 0 -> id;
            case 1 -> Map.of("id", id, "object", type, "amount", amount(random), "metadata", metadata(random));
            default -> null;
        };
    }

    private static Map<String, Object> metadata(Random random) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        int entries = random.nextInt(6);
        for (int i = 0; i < entries; i++) {
            metadata.put(text(random), text(random));
        }
        return metadata;
    }

    private static long amount(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000_000);
            case 2 -> random.nextLong() >>> 11; // up to 2^53, beyond what a double keeps exactly
            default -> Long.MAX_VALUE - random.nextInt(1000);
        };
    }

    /** Text in several scripts with the characters JSON must escape. */
    private static String text(Random random) {
        String[] pieces = {"order", "Ünïcödé", "注文", "คำสั่งซื้อ", "😀", "\"", "\\", "\n", "\t", "\u0001", "/", " ", "é", "\u2028"};
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }

    private static Map<String, Object> nullMap(String key) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, null);
        return map;
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static String token(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
