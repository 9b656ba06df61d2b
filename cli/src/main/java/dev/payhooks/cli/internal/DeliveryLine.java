package dev.payhooks.cli.internal;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookResponse;
import dev.payhooks.internal.LogText;
import dev.payhooks.spi.InboxMessage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One printed line per delivery: plain text for people, or one JSON object for tools
 * ({@code {"status":200,"outcome":"handled","provider":"stripe","id":"evt_...","type":"refund.failed","reason":null}}).
 * Never holds a body, a secret or a signature.
 *
 * <p>Id and type come from the request, so neither form can let them break the line or drive the
 * terminal: the text form escapes control characters with core's {@link LogText}; the JSON form is
 * pure ASCII (everything else as {@code \}{@code uXXXX} escapes, DEL included), so a tool that
 * parses it still gets the exact id.
 */
public final class DeliveryLine {

    private static final ObjectMapper JSON = JsonMapper.builder(new JsonFactoryBuilder()
                    .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                    .characterEscapes(new AsciiOnly())
                    .build())
            .build();

    private DeliveryLine() {
    }

    /**
     * The line for a dead message, as {@code payhooks inbox list} and {@code payhooks kafka dead
     * list} print it: its id, provider, tenant (when it has one), event, attempts, arrival and last
     * error, never its body. Every value came from a request or a store, so each is escaped.
     *
     * @param message the dead row or dead letter
     * @return the line, without a line break
     */
    public static String dead(InboxMessage message) {
        return String.format(Locale.ROOT, "id=%s provider=%s%s event=%s type=%s attempts=%d received=%s error=%s",
                LogText.escape(message.id()), LogText.escape(message.provider()),
                message.tenant().isEmpty() ? "" : " tenant=" + LogText.escape(message.tenant()),
                LogText.escape(message.eventId()), LogText.escape(message.eventType()), message.attempts(),
                message.receivedAt(), LogText.escape(message.lastError().orElse("-")));
    }

    /**
     * The outcome as printed: handled, duplicate, in_progress, filtered, rejected or failed. An
     * event without a handler counts as filtered (acknowledged, nothing ran); a store outage as
     * failed (the provider retries).
     *
     * @param outcome the receiver's outcome
     * @return the printed name
     */
    public static String outcomeName(Outcome outcome) {
        switch (outcome) {
            case UNHANDLED:
                return "filtered";
            case UNAVAILABLE:
                return "failed";
            default:
                return outcome.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The JSON line for a response.
     *
     * @param provider the provider name
     * @param response the receiver's response
     * @return one line of JSON
     */
    public static String json(String provider, WebhookResponse response) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", response.status());
        line.put("outcome", outcomeName(response.outcome()));
        line.put("provider", provider);
        line.put("id", response.event().map(Event::id).orElse(null));
        line.put("type", response.event().map(Event::type).orElse(null));
        line.put("reason", response.reason().map(Enum::name).orElse(null));
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a JSON line", e);
        }
    }

    /**
     * The text line for a response, e.g. {@code 200 handled   stripe evt_1 refund.failed}.
     *
     * @param provider the provider name
     * @param response the receiver's response
     * @return one line of text
     */
    public static String text(String provider, WebhookResponse response) {
        StringBuilder line = new StringBuilder();
        line.append(response.status()).append(' ')
                .append(String.format(Locale.ROOT, "%-11s", outcomeName(response.outcome()))).append(' ')
                .append(provider);
        response.event().ifPresent(event -> line.append(' ').append(LogText.escape(event.id()))
                .append(' ').append(LogText.escape(event.type())));
        response.reason().ifPresent(reason -> line.append(' ').append(reason.name()));
        return line.toString();
    }

    /** JSON's standard escapes (C0 controls, quote, backslash) plus DEL; non-ASCII by ESCAPE_NON_ASCII. */
    private static final class AsciiOnly extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        AsciiOnly() {
            int[] standard = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes = java.util.Arrays.copyOf(standard, 128);
            escapes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
