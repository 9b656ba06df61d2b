package dev.payhooks.omise.internal;

import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Reads members of an event's data object for the record views. The views read by JSON pointer
 * rather than through Jackson binding because Omise's members are snake_case and the exported API
 * carries no Jackson annotations; each accessor is tolerant of absent optional members and strict
 * about the shape of the ones it needs.
 */
public final class Fields {

    private final Event event;
    private final String base;

    private Fields(Event event) {
        this.event = event;
        this.base = event.dataPointer();
    }

    /**
     * Reader for one event, after checking the data object's kind.
     *
     * @param event the event
     * @param object the expected {@code object} member ({@code charge})
     * @return the reader
     * @throws WebhookDecodingException when the data object is of another kind
     */
    public static Fields of(Event event, String object) {
        Fields fields = new Fields(event);
        String actual = fields.requiredText("object");
        if (!actual.equals(object)) {
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                    "the data of Omise event " + event.id() + " (" + event.type() + ") is a '" + actual
                            + "', not a '" + object + "'");
        }
        return fields;
    }

    /**
     * An optional text member.
     *
     * @param name the member name
     * @return its text, empty when absent or null
     */
    public Optional<String> text(String name) {
        return event.at(base + "/" + name);
    }

    /**
     * A required text member.
     *
     * @param name the member name
     * @return its text
     */
    public String requiredText(String name) {
        return text(name).orElseThrow(() -> missing(name));
    }

    /**
     * A required amount in minor units, from the first of the names present.
     *
     * @param names the member name and older aliases
     * @return the amount
     */
    public long amount(String... names) {
        for (String name : names) {
            Optional<String> text = text(name);
            if (text.isPresent()) {
                return minorUnits(name, text.get());
            }
        }
        throw missing(names[0]);
    }

    /**
     * An amount that defaults to zero when absent.
     *
     * @param names the member name and older aliases
     * @return the amount, or 0
     */
    public long amountOrZero(String... names) {
        for (String name : names) {
            Optional<String> text = text(name);
            if (text.isPresent()) {
                return minorUnits(name, text.get());
            }
        }
        return 0;
    }

    /**
     * A boolean member, {@code false} when absent.
     *
     * @param name the member name
     * @return the value
     */
    public boolean flag(String name) {
        return text(name).map("true"::equals).orElse(false);
    }

    /**
     * An ISO-8601 instant from the first of the names present.
     *
     * @param names the member name and older aliases
     * @return the instant, empty when absent or unparseable
     */
    public Optional<Instant> instant(String... names) {
        for (String name : names) {
            Optional<String> text = text(name);
            if (text.isPresent()) {
                try {
                    return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
                } catch (DateTimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private long minorUnits(String name, String text) {
        // Amounts are integers in the currency's smallest unit (satang, cents); anything else,
        // including a fraction or an exponent, is a shape this view cannot represent faithfully.
        boolean digits = !text.isEmpty() && text.length() <= 18;
        for (int i = 0; i < text.length() && digits; i++) {
            char c = text.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (!digits) {
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                    "the " + name + " of Omise event " + event.id() + " is not a whole, non-negative amount in minor units");
        }
        return Long.parseLong(text);
    }

    private WebhookDecodingException missing(String name) {
        return new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD,
                "the data of Omise event " + event.id() + " (" + event.type() + ") has no " + name);
    }
}
