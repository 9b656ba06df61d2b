package dev.payhooks.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Realistic webhook bodies of an exact size: a Stripe {@code payment_intent.succeeded} event, an
 * Omise {@code charge.complete} event and a Standard Webhooks delivery carrying the same payment
 * intent, each padded to the requested size with order metadata of the kind merchants attach
 * (a customer name, line items, a fulfilment note).
 *
 * <p>Stripe bodies are laid out as Stripe sends them: pretty-printed with two-space indentation,
 * {@code type} after {@code data} (so a streaming decoder must read the whole body to find it).
 * Every body carries a few non-ASCII characters (a customer name in the metadata; the full payment
 * intent also in its description and shipping name), as real deliveries do.
 *
 * <p>The object shapes follow the providers' published API references (Stripe "The PaymentIntent
 * object" and "The Event object", API version 2024-12-18.acacia; Omise "Charges API" and "Events
 * API"). Every field is a plausible value, not a copy of a real delivery.
 *
 * <p>Sizes below the size of the full object (1 KB for Stripe) keep the envelope and the payment
 * intent's non-null fields only, as older API versions sent them; above it, metadata fills the
 * rest. 64 KB exceeds Stripe's own metadata limit (50 keys of 500 characters): that size is a
 * stress case for linear cost, not a delivery Stripe would send.
 */
public final class Payloads {

    /** Length of the event ids produced here, so that an id can be replaced in place. */
    public static final int EVENT_ID_LENGTH = 28;

    private static final String PAYMENT_INTENT_CORE = "{\"id\":\"pi_3QZk8sLkdIwHu7ix0Ym2b9Qe\",\"object\":\"payment_intent\","
            + "\"amount\":4200,\"amount_capturable\":0,\"amount_received\":4200,\"capture_method\":\"automatic_async\","
            + "\"created\":%CREATED%,\"currency\":\"usd\","
            + "\"customer\":\"cus_RGq3uPj2VdNf8K\",\"latest_charge\":\"ch_3QZk8sLkdIwHu7ix0n4Kx1Tt\",\"livemode\":false,"
            + "\"metadata\":{%METADATA%},\"payment_method\":\"pm_1QZk8rLkdIwHu7ixq2Wv3c9E\","
            + "\"payment_method_types\":[\"card\"],\"status\":\"succeeded\"}";

    private static final String PAYMENT_INTENT_FULL = "{\"id\":\"pi_3QZk8sLkdIwHu7ix0Ym2b9Qe\",\"object\":\"payment_intent\","
            + "\"amount\":4200,\"amount_capturable\":0,\"amount_details\":{\"tip\":{}},\"amount_received\":4200,"
            + "\"application\":null,\"application_fee_amount\":null,"
            + "\"automatic_payment_methods\":{\"allow_redirects\":\"always\",\"enabled\":true},"
            + "\"canceled_at\":null,\"cancellation_reason\":null,\"capture_method\":\"automatic_async\","
            + "\"client_secret\":\"pi_3QZk8sLkdIwHu7ix0Ym2b9Qe_secret_VbXfGyT0x2WqJmC8aNs4LkPzR\","
            + "\"confirmation_method\":\"automatic\",\"created\":%CREATED%,\"currency\":\"usd\","
            + "\"customer\":\"cus_RGq3uPj2VdNf8K\",\"description\":\"Order 100234 (3 items) – Café Zoë\",\"invoice\":null,"
            + "\"last_payment_error\":null,\"latest_charge\":\"ch_3QZk8sLkdIwHu7ix0n4Kx1Tt\",\"livemode\":false,"
            + "\"metadata\":{%METADATA%},\"next_action\":null,\"on_behalf_of\":null,"
            + "\"payment_method\":\"pm_1QZk8rLkdIwHu7ixq2Wv3c9E\","
            + "\"payment_method_configuration_details\":{\"id\":\"pmc_1Q6WzTLkdIwHu7ixYb3Sx0aQ\",\"parent\":null},"
            + "\"payment_method_options\":{\"card\":{\"installments\":null,\"mandate_options\":null,\"network\":null,"
            + "\"request_three_d_secure\":\"automatic\"},\"link\":{\"setup_future_usage\":null}},"
            + "\"payment_method_types\":[\"card\",\"link\"],\"processing\":null,\"receipt_email\":\"jenny.rosen@example.com\","
            + "\"review\":null,\"setup_future_usage\":null,"
            + "\"shipping\":{\"address\":{\"city\":\"San Francisco\",\"country\":\"US\",\"line1\":\"510 Townsend St\","
            + "\"line2\":null,\"postal_code\":\"94103\",\"state\":\"CA\"},\"carrier\":null,\"name\":\"Jenny Rosén\","
            + "\"phone\":null,\"tracking_number\":null},\"source\":null,\"statement_descriptor\":null,"
            + "\"statement_descriptor_suffix\":null,\"status\":\"succeeded\",\"transfer_data\":null,\"transfer_group\":null}";

    private static final String STRIPE_EVENT = "{\"id\":\"%ID%\",\"object\":\"event\",\"api_version\":\"2024-12-18.acacia\","
            + "\"created\":%CREATED%,\"data\":{\"object\":%OBJECT%},\"livemode\":false,\"pending_webhooks\":1,"
            + "\"request\":{\"id\":\"req_Xk2LmN8pQr4sTu\",\"idempotency_key\":\"3f0c7c9e-8a4d-4f0e-9a71-2b5d6c1e0f4a\"},"
            + "\"type\":\"payment_intent.succeeded\"}";

    private static final String OMISE_EVENT = "{\"object\":\"event\",\"id\":\"%ID%\",\"livemode\":false,"
            + "\"location\":\"/events/%ID%\",\"webhook_deliveries\":[],\"data\":{\"object\":\"charge\","
            + "\"id\":\"chrg_test_61ayw3uqk1t8q2ouvz4\",\"location\":\"/charges/chrg_test_61ayw3uqk1t8q2ouvz4\","
            + "\"amount\":420000,\"net\":404669,\"fee\":14330,\"fee_vat\":1001,\"interest\":0,\"interest_vat\":0,"
            + "\"funding_amount\":420000,\"refunded_amount\":0,\"transaction_fees\":{\"fee_flat\":\"0.0\","
            + "\"fee_rate\":\"3.65\",\"vat_rate\":\"7.0\"},\"currency\":\"THB\",\"funding_currency\":\"THB\","
            + "\"ip\":null,\"refunds\":{\"object\":\"list\",\"data\":[],\"limit\":20,\"offset\":0,\"total\":0,"
            + "\"location\":\"/charges/chrg_test_61ayw3uqk1t8q2ouvz4/refunds\",\"order\":\"chronological\","
            + "\"from\":\"1970-01-01T00:00:00Z\",\"to\":\"2026-11-22T12:00:00Z\"},\"link\":null,"
            + "\"description\":\"Order 100234\",\"metadata\":{%METADATA%},\"card\":{\"object\":\"card\","
            + "\"id\":\"card_test_61ayw3t8y2mhm9kq3ww\",\"livemode\":false,\"location\":null,\"deleted\":false,"
            + "\"street1\":null,\"street2\":null,\"city\":\"Bangkok\",\"state\":null,\"phone_number\":null,"
            + "\"postal_code\":\"10320\",\"country\":\"th\",\"financing\":\"credit\",\"bank\":\"Bank of Ayudhya\","
            + "\"brand\":\"Visa\",\"fingerprint\":\"XjOdjaoHRvUGRfmZacMPcJtm0U3SEIIfkA7534dQeVw=\",\"first_digits\":null,"
            + "\"last_digits\":\"4242\",\"name\":\"Somchai Prasert\",\"expiration_month\":12,\"expiration_year\":2029,"
            + "\"security_code_check\":true,\"tokenization_method\":null,\"created_at\":\"2026-11-22T11:59:40Z\"},"
            + "\"source\":null,\"schedule\":null,\"customer\":null,\"dispute\":null,"
            + "\"transaction\":\"trxn_test_61ayw3uvsm1v3ncmo5e\",\"failure_code\":null,\"failure_message\":null,"
            + "\"status\":\"successful\",\"authorize_uri\":null,\"return_uri\":\"https://shop.example.com/orders/100234\","
            + "\"created_at\":\"2026-11-22T11:59:41Z\",\"paid_at\":\"2026-11-22T11:59:43Z\","
            + "\"expires_at\":\"2026-11-29T11:59:41Z\",\"expired_at\":null,\"reversed_at\":null,"
            + "\"zero_interest_installments\":false,\"branch\":null,\"terminal\":null,\"device\":null,"
            + "\"authorized\":true,\"capturable\":false,\"capture\":true,\"disputable\":true,\"livemode\":false,"
            + "\"refundable\":true,\"partially_refundable\":true,\"reversed\":false,\"reversible\":false,"
            + "\"voided\":false,\"paid\":true,\"expired\":false},\"key\":\"charge.complete\","
            + "\"created_at\":\"2026-11-22T11:59:43Z\"}";

    private static final String OMISE_EVENT_CORE = "{\"object\":\"event\",\"id\":\"%ID%\",\"livemode\":false,"
            + "\"location\":\"/events/%ID%\",\"data\":{\"object\":\"charge\","
            + "\"id\":\"chrg_test_61ayw3uqk1t8q2ouvz4\",\"amount\":420000,\"currency\":\"THB\","
            + "\"description\":\"Order 100234\",\"metadata\":{%METADATA%},\"status\":\"successful\","
            + "\"transaction\":\"trxn_test_61ayw3uvsm1v3ncmo5e\",\"created_at\":\"2026-11-22T11:59:41Z\","
            + "\"paid\":true},\"key\":\"charge.complete\",\"created_at\":\"2026-11-22T11:59:43Z\"}";

    private static final String STANDARD_WEBHOOKS_EVENT = "{\"type\":\"payment_intent.succeeded\","
            + "\"timestamp\":\"%ISO%\",\"data\":%OBJECT%}";

    private static final List<String> PRODUCTS = List.of("TSHIRT-BLK-M", "HOODIE-GRY-L", "MUG-WHT-350", "CAP-NVY-OS",
            "SOCKS-RED-42", "TOTE-NAT-1", "POSTER-A2-07", "STICKER-PK-12");

    private Payloads() {
    }

    /**
     * A Stripe {@code payment_intent.succeeded} event of exactly {@code size} bytes.
     *
     * @param size the body size in bytes
     * @param eventId the event id, {@value #EVENT_ID_LENGTH} characters (see {@link #eventId(long)})
     * @param created the event's creation time
     * @return the UTF-8 body
     */
    public static byte[] stripePaymentIntentSucceeded(int size, String eventId, Instant created) {
        String full = STRIPE_EVENT.replace("%OBJECT%", PAYMENT_INTENT_FULL);
        String template = fits(full, size, true) ? full : STRIPE_EVENT.replace("%OBJECT%", PAYMENT_INTENT_CORE);
        return pad(template.replace("%ID%", checkedId(eventId)).replace("%CREATED%", Long.toString(created.getEpochSecond())),
                size, true);
    }

    /**
     * An Omise {@code charge.complete} event of exactly {@code size} bytes.
     *
     * @param size the body size in bytes (below the size of the full charge, only its main fields)
     * @param eventId the event id
     * @return the UTF-8 body
     */
    public static byte[] omiseChargeComplete(int size, String eventId) {
        String template = fits(OMISE_EVENT, size, false) ? OMISE_EVENT : OMISE_EVENT_CORE;
        return pad(template.replace("%ID%", eventId), size, false);
    }

    /**
     * A Standard Webhooks delivery ({@code type}, {@code timestamp}, {@code data}) carrying a Stripe
     * payment intent, of exactly {@code size} bytes.
     *
     * @param size the body size in bytes
     * @param created the delivery time written into the body
     * @return the UTF-8 body
     */
    public static byte[] standardWebhooksPaymentSucceeded(int size, Instant created) {
        String full = STANDARD_WEBHOOKS_EVENT.replace("%OBJECT%", PAYMENT_INTENT_FULL);
        String template = fits(full, size, false) ? full : STANDARD_WEBHOOKS_EVENT.replace("%OBJECT%", PAYMENT_INTENT_CORE);
        return pad(template.replace("%ISO%", created.toString()).replace("%CREATED%", Long.toString(created.getEpochSecond())),
                size, false);
    }

    /**
     * A Stripe-style event id of {@value #EVENT_ID_LENGTH} characters for a sequence number, so that
     * every delivery of a run is a distinct event.
     *
     * @param sequence the sequence number
     * @return {@code evt_} followed by 24 base-36 digits
     */
    public static String eventId(long sequence) {
        String digits = Long.toString(sequence & Long.MAX_VALUE, 36);
        return "evt_1QZk" + "0".repeat(20 - digits.length()) + digits;
    }

    private static String checkedId(String eventId) {
        if (eventId.length() != EVENT_ID_LENGTH) {
            throw new IllegalArgumentException("event ids here have " + EVENT_ID_LENGTH + " characters; use Payloads.eventId(n)");
        }
        return eventId;
    }

    private static boolean fits(String template, int size, boolean pretty) {
        String filled = template.replace("%ID%", "evt_1QZk00000000000000000000")
                .replace("%CREATED%", "1763812800").replace("%ISO%", "2026-11-22T12:00:00Z");
        return length(filled, FIRST_METADATA + "," + NOTE + "\"", pretty) <= size;
    }

    /** The first metadata member of every body: a customer name with a few non-ASCII characters. */
    private static final String FIRST_METADATA = "\"customer_name\":\"Zoë Ångström-Müller\"";

    /** The last metadata member, whose value is filled with words to reach the exact size. */
    private static final String NOTE = "\"fulfilment_note\":\"";

    private static byte[] pad(String template, int size, boolean pretty) {
        // The most line items that leave room for the note (the length grows with every item).
        int lines = 0;
        int tooMany = 1;
        while (length(template, lineItems(tooMany) + "," + NOTE + "\"", pretty) <= size) {
            lines = tooMany;
            tooMany *= 2;
        }
        while (tooMany - lines > 1) {
            int middle = (lines + tooMany) >>> 1;
            if (length(template, lineItems(middle) + "," + NOTE + "\"", pretty) <= size) {
                lines = middle;
            } else {
                tooMany = middle;
            }
        }
        StringBuilder metadata = new StringBuilder(size).append(lineItems(lines)).append(',').append(NOTE);
        int remaining = size - length(template, metadata + "\"", pretty);
        if (remaining < 0) {
            throw new IllegalArgumentException("a body of " + size + " bytes cannot hold this event; it needs at least "
                    + (size - remaining));
        }
        // The words are ASCII: one byte each, so the body reaches the size exactly.
        metadata.append(words(remaining)).append('"');
        byte[] body = render(template, metadata.toString(), pretty).getBytes(StandardCharsets.UTF_8);
        if (body.length != size) {
            throw new IllegalStateException("padding produced " + body.length + " bytes instead of " + size);
        }
        return body;
    }

    private static String lineItems(int count) {
        StringBuilder items = new StringBuilder(FIRST_METADATA);
        for (int line = 1; line <= count; line++) {
            items.append(',').append(lineItem(line));
        }
        return items.toString();
    }

    private static int length(String template, String metadata, boolean pretty) {
        return render(template, metadata, pretty).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String render(String template, String metadata, boolean pretty) {
        String compact = template.replace("%METADATA%", metadata);
        return pretty ? pretty(compact) : compact;
    }

    /**
     * Compact JSON laid out the way Stripe sends its webhook bodies: two-space indentation, one
     * member or array element per line, {@code ": "} after names, empty objects and arrays as
     * {@code {}} and {@code []}, and a final line break.
     */
    static String pretty(String compact) {
        StringBuilder out = new StringBuilder(compact.length() * 2);
        int indent = 0;
        boolean inString = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(compact.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    char close = c == '{' ? '}' : ']';
                    if (compact.charAt(i + 1) == close) {
                        out.append(c).append(close);
                        i++;
                    } else {
                        indent++;
                        out.append(c).append('\n').append("  ".repeat(indent));
                    }
                }
                case '}', ']' -> {
                    indent--;
                    out.append('\n').append("  ".repeat(indent)).append(c);
                }
                case ',' -> out.append(",\n").append("  ".repeat(indent));
                case ':' -> out.append(": ");
                default -> out.append(c);
            }
        }
        return out.append('\n').toString();
    }

    private static String lineItem(int line) {
        String product = PRODUCTS.get(line % PRODUCTS.size());
        int quantity = 1 + line % 3;
        int unitAmount = 900 + (line * 337) % 4100;
        return String.format("\"line_item_%03d\":\"sku=%s;qty=%d;unit_amount=%d;currency=usd;warehouse=SFO-2\"",
                line, product, quantity, unitAmount);
    }

    private static String words(int length) {
        String text = "Leave at the front desk; ring twice. Gift wrap the mug. ";
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(text);
        }
        out.setLength(length);
        return out.toString();
    }
}
