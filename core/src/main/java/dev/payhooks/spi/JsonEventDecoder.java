package dev.payhooks.spi;

import dev.payhooks.Event;
import dev.payhooks.JsonLimits;
import dev.payhooks.Mode;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import dev.payhooks.internal.Json;
import dev.payhooks.internal.MemberNames;
import dev.payhooks.internal.CoreAccess;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decodes any provider's JSON event envelope, described by JSON pointers and header names.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * EventDecoder stripeLike = JsonEventDecoder.builder("stripe")
 *         .id("/id").type("/type").created("/created").mode("/livemode")
 *         .account("/account").apiVersion("/api_version").data("/data/object")
 *         .attribute("request.id", "/request/id")
 *         .build();
 * EventDecoder github = JsonEventDecoder.builder("github")
 *         .idFromHeader("X-GitHub-Delivery").typeFromHeader("X-GitHub-Event").data("")
 *         .build();
 * }</pre>
 *
 * <p>The envelope is read in one streaming pass that skips everything it was not asked for;
 * {@link Event#data(Class)} binds the data object only when a handler asks. The pass still sees
 * every token, so duplicate member names, trailing content and every {@link JsonLimits limit} are
 * enforced on the whole body.
 *
 * <p>Values: id and type are required and must be JSON strings of 1 to {@value #MAX_ID_LENGTH}
 * characters (a number {@code 7} would otherwise deduplicate with the string {@code "7"}; for a
 * provider that documents numeric ids, see {@link Builder#numericId()}). No id, type or
 * idempotency key, from the body or from a header, may contain an ASCII control character
 * (U+0000 to U+001F, U+007F): no provider sends one, and one in an id could forge log lines in
 * every system that prints it. {@code created} may be epoch seconds or an ISO-8601 instant;
 * the mode may be a boolean ({@code livemode: true}) or a string ({@code "live"}/{@code "test"});
 * an optional value of an unexpected shape is left unset rather than failing the delivery,
 * because providers change optional fields between API versions.
 *
 * @since 0.1.0
 */
public final class JsonEventDecoder implements EventDecoder {

    /** Longest accepted event id, type or idempotency key. */
    public static final int MAX_ID_LENGTH = 255;

    private static final int ID = 0;
    private static final int TYPE = 1;
    private static final int CREATED = 2;
    private static final int MODE = 3;
    private static final int ACCOUNT = 4;
    private static final int API_VERSION = 5;
    private static final int ORDER_TYPE = 6;
    private static final int ORDER_ID = 7;
    private static final int ORDER_SEQUENCE = 8;
    private static final int FIRST_ATTRIBUTE = 9;

    private final String provider;
    private final boolean numericId;
    private final List<String> idHeaders;
    private final List<String> typeHeaders;
    private final List<String> idempotencyKeyHeaders;
    private final Set<String> signedHeaders;
    private final boolean idempotencyKeyFromBodyDigest;
    private final String dataPointer;
    private final List<String> attributeNames;
    private final Node root;
    private final int slotCount;
    private final JsonLimits limits;
    private final Json json;
    private final String[] pointers;
    private final String orderingObjectType;
    private final int[][] sharedSlots;

    private JsonEventDecoder(Builder b) {
        this.provider = b.provider;
        this.numericId = b.numericId;
        this.idHeaders = b.idHeaders;
        this.typeHeaders = b.typeHeaders;
        this.idempotencyKeyHeaders = b.idempotencyKeyHeaders;
        this.signedHeaders = b.signedHeaders;
        this.idempotencyKeyFromBodyDigest = b.idempotencyKeyFromBodyDigest;
        this.dataPointer = b.dataPointer;
        this.attributeNames = List.copyOf(b.attributes.keySet());
        this.limits = b.limits;
        this.json = Json.forLimits(limits);
        this.slotCount = FIRST_ATTRIBUTE + attributeNames.size();
        this.pointers = new String[slotCount];
        pointers[ID] = b.idPointer;
        pointers[TYPE] = b.typePointer;
        pointers[CREATED] = b.createdPointer;
        pointers[MODE] = b.modePointer;
        pointers[ACCOUNT] = b.accountPointer;
        pointers[API_VERSION] = b.apiVersionPointer;
        pointers[ORDER_TYPE] = b.orderTypePointer;
        pointers[ORDER_ID] = b.orderIdPointer;
        pointers[ORDER_SEQUENCE] = b.orderSequencePointer;
        this.orderingObjectType = b.orderTypeConstant;
        int i = FIRST_ATTRIBUTE;
        for (String pointer : b.attributes.values()) {
            pointers[i++] = pointer;
        }
        this.root = new Node();
        // A pointer named twice (an attribute and the ordering object, say) is read once into its
        // first slot and copied to the others after the pass.
        Map<String, Integer> firstSlot = new HashMap<>();
        List<int[]> copies = new ArrayList<>();
        for (int slot = 0; slot < slotCount; slot++) {
            if (pointers[slot] != null) {
                Integer first = firstSlot.putIfAbsent(pointers[slot], slot);
                if (first == null) {
                    root.add(segments(pointers[slot]), slot);
                } else {
                    copies.add(new int[] {first, slot});
                }
            }
        }
        this.sharedSlots = copies.toArray(new int[0][]);
    }

    /**
     * A builder for one provider's envelope.
     *
     * @param provider the provider's short name, stored in every event
     * @return a new builder
     */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    @Override
    public Event decode(WebhookRequest request, Verification verification) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(verification, "verification");
        byte[] body = CoreAccess.request().body(request);
        if (body.length > limits.maxDocumentLength()) {
            throw new WebhookDecodingException(RejectionReason.JSON_LIMIT_EXCEEDED,
                    "the body is " + body.length + " bytes, over the JSON document limit of " + limits.maxDocumentLength());
        }
        Object[] values = new Object[slotCount];
        MemberNames names = MemberNames.start();
        try (JsonParser parser = json.scanningParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new WebhookDecodingException(RejectionReason.MALFORMED_JSON, "the body is not a JSON object");
            }
            readObject(parser, root, values, names);
            if (parser.nextToken() != null) {
                throw new WebhookDecodingException(RejectionReason.MALFORMED_JSON,
                        "the body has content after the JSON object");
            }
        } catch (IOException e) {
            throw Json.translate(e, "the body");
        } finally {
            names.finish();
        }
        for (int[] shared : sharedSlots) {
            values[shared[1]] = values[shared[0]];
        }
        String idHeader = idHeaders == null ? null : firstPresent(request, idHeaders);
        String id = idHeader != null ? header(request, idHeader, "id")
                : required(values[ID], pointers[ID], "id", numericId);
        String type = typeHeaders != null ? header(request, firstPresent(request, typeHeaders), "type")
                : required(values[TYPE], pointers[TYPE], "type", false);
        Event.Builder event = CoreAccess.event().builderSharing(provider, id, type, body)
                .created(instant(values[CREATED]))
                .mode(mode(values[MODE]))
                .account(text(values[ACCOUNT]))
                .apiVersion(text(values[API_VERSION]))
                .tenant(verification.tenant().orElse(null))
                .dataPointer(dataPointer)
                .limits(limits);
        if (idempotencyKeyFromBodyDigest) {
            event.idempotencyKey(bodyDigest(body));
        } else if (idempotencyKeyHeaders != null) {
            String name = firstPresent(request, idempotencyKeyHeaders);
            event.idempotencyKey(isSigned(name) ? header(request, name, "idempotency key") : bodyDigest(body));
        } else if (idHeader != null && !isSigned(idHeader)) {
            // The id comes from a header the signature does not cover: whoever replays a captured
            // body chooses it. Deduplicate by what is signed, the body itself.
            event.idempotencyKey(bodyDigest(body));
        }
        for (int i = 0; i < attributeNames.size(); i++) {
            event.attribute(attributeNames.get(i), text(values[FIRST_ATTRIBUTE + i]));
        }
        if (pointers[ORDER_ID] != null) {
            orderingObject(event, values);
        }
        return event.build();
    }

    /**
     * The ordering object, when the body names one: a missing or unusable value leaves the event
     * without one (the ordering guard then does not apply), since the guard is optional and an
     * event that lacks it is still a valid event.
     */
    private void orderingObject(Event.Builder event, Object[] values) {
        String objectType = orderingObjectType != null ? orderingObjectType : orderingText(values[ORDER_TYPE]);
        String objectId = orderingText(values[ORDER_ID]);
        if (objectType != null && objectId != null) {
            event.orderingObject(objectType, objectId);
            Object sequence = values[ORDER_SEQUENCE];
            event.orderingSequence(sequence instanceof Long number ? number : null);
        }
    }

    private static String orderingText(Object value) {
        if (!(value instanceof String text) || text.isEmpty() || text.length() > MAX_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20 || text.charAt(i) == 0x7F) {
                return null;
            }
        }
        return text;
    }

    /**
     * Walks one object. Descends only into members on the path to a wanted value and skips the
     * rest token by token: every token is still read, so duplicate names, trailing content and
     * the nesting, number, name and token limits are enforced on the whole body. Duplicate names
     * are detected here, in every object read or skipped, with {@link MemberNames} (one reused
     * name set per depth) rather than by the parser, which would allocate a set per object.
     * String values are checked against the string limit here too, because Jackson checks strings
     * only when it materialises them, and a value skipped now must still bind when a handler asks
     * for it.
     *
     * <p>Design note (issue 22): skipping {@code data} with a byte-level scanner and leaving its
     * duplicate-name check to bind time was considered and not taken. It would let a handler that
     * never binds {@code data} through payhooks (one that hands the raw JSON to another library,
     * such as stripe-java's Gson) act on a body with a repeated name, which two parsers may read
     * differently: exactly what the rule exists to prevent. It would also add a second JSON
     * tokeniser to keep equal to Jackson's. Reusing one name set per depth keeps every check
     * here, on the whole body, and removes what made the check expensive (a set per object).
     */
    private void readObject(JsonParser parser, Node node, Object[] values, MemberNames names) throws IOException {
        names.enter();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (!names.add(name)) {
                throw Json.duplicate(parser, "the body");
            }
            Node child = node.children.get(name);
            JsonToken value = parser.nextToken();
            if (child != null && value == JsonToken.START_OBJECT && !child.children.isEmpty()) {
                readObject(parser, child, values, names);
            } else if (child != null && child.slot >= 0 && !value.isStructStart()) {
                checkString(parser, value);
                values[child.slot] = scalar(parser, value);
            } else {
                skipValue(parser, value, names);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new WebhookDecodingException(RejectionReason.MALFORMED_JSON, "the body is not well-formed JSON");
        }
        names.exit();
    }

    private void skipValue(JsonParser parser, JsonToken first, MemberNames names) throws IOException {
        if (!first.isStructStart()) {
            checkString(parser, first);
            return;
        }
        names.enter();
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new WebhookDecodingException(RejectionReason.MALFORMED_JSON, "the body ends inside a JSON value");
            }
            if (token == JsonToken.FIELD_NAME) {
                if (!names.add(parser.currentName())) {
                    throw Json.duplicate(parser, "the body");
                }
            } else if (token.isStructStart()) {
                depth++;
                names.enter();
            } else if (token.isStructEnd()) {
                depth--;
                names.exit();
            } else {
                checkString(parser, token);
            }
        }
    }

    private void checkString(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING && parser.getTextLength() > limits.maxStringLength()) {
            throw new WebhookDecodingException(RejectionReason.JSON_LIMIT_EXCEEDED,
                    "a string in the body is longer than the limit of " + limits.maxStringLength() + " characters");
        }
    }

    private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.INT || parser.getNumberType() == JsonParser.NumberType.LONG
                        ? (Object) parser.getLongValue() : new NumberText(parser.getText());
            case VALUE_NUMBER_FLOAT:
                return new NumberText(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                return parser.getText();
        }
    }

    private static String bodyDigest(byte[] body) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-256.
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private String required(Object value, String pointer, String what, boolean numeric) {
        if (value == null) {
            throw new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD,
                    "the " + provider + " event has no " + what + " at " + pointer);
        }
        // One JSON type only: with both, the number 7 and the string "7" would be one event.
        if (numeric ? !(value instanceof Long) : !(value instanceof String)) {
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                    "the " + provider + " event's " + what + " at " + pointer + " is not a JSON "
                            + (numeric ? "integer" : "string"));
        }
        return check(value.toString(), what);
    }

    private boolean isSigned(String header) {
        return signedHeaders == null || signedHeaders.contains(header.toLowerCase(Locale.ROOT));
    }

    /** The first of the names the request carries (the spelling it chose), else the first name. */
    private static String firstPresent(WebhookRequest request, List<String> names) {
        for (String name : names) {
            if (!request.headers(name).isEmpty()) {
                return name;
            }
        }
        return names.get(0);
    }

    private String header(WebhookRequest request, String name, String what) {
        List<String> values = request.headers(name);
        if (values.size() != 1 || values.get(0).isEmpty()) {
            throw new WebhookDecodingException(values.isEmpty() ? RejectionReason.MISSING_EVENT_FIELD : RejectionReason.INVALID_EVENT_FIELD,
                    "the " + provider + " event's " + what + " header " + name + " must be present exactly once and not be empty");
        }
        return check(values.get(0), what);
    }

    private String check(String value, String what) {
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                    "the " + provider + " event's " + what + " must have 1 to " + MAX_ID_LENGTH
                            + " characters, has " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                // The position and code only: the value itself is what could forge a log line.
                throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                        "the " + provider + " event's " + what + " contains the control character U+"
                                + String.format(Locale.ROOT, "%04X", (int) c) + " at index " + i
                                + "; no provider sends one");
            }
        }
        return value;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        if (value instanceof Long seconds) {
            try {
                return Instant.ofEpochSecond(seconds);
            } catch (DateTimeException e) {
                return null;
            }
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                return null;
            }
        }
        return null;
    }

    private static Mode mode(Object value) {
        if (value instanceof Boolean live) {
            return live ? Mode.LIVE : Mode.TEST;
        }
        if (value instanceof String text) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "live":
                case "production":
                    return Mode.LIVE;
                case "test":
                case "sandbox":
                    return Mode.TEST;
                default:
                    return Mode.UNKNOWN;
            }
        }
        return Mode.UNKNOWN;
    }

    private static List<String> segments(String pointer) {
        List<String> segments = new ArrayList<>();
        JsonPointer p = JsonPointer.compile(pointer);
        while (p != null && !p.matches()) {
            segments.add(p.getMatchingProperty());
            p = p.tail();
        }
        return segments;
    }

    @Override
    public String toString() {
        return "JsonEventDecoder[" + provider + "]";
    }

    /**
     * A number that is not a {@code long} (a fraction, an exponent, a big integer), kept as its
     * text for attributes; never a {@link String}, so it is never taken for a string id.
     */
    private record NumberText(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A trie of the wanted member-name paths. */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        int slot = -1;

        void add(List<String> path, int slotIndex) {
            Node node = this;
            for (String name : path) {
                node = node.children.computeIfAbsent(name, k -> new Node());
            }
            node.slot = slotIndex;
        }
    }

    /**
     * Builds a {@link JsonEventDecoder}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String provider;
        private boolean numericId;
        private String idPointer = "/id";
        private String typePointer = "/type";
        private List<String> idHeaders;
        private List<String> typeHeaders;
        private String createdPointer;
        private String modePointer;
        private String accountPointer;
        private String apiVersionPointer;
        private List<String> idempotencyKeyHeaders;
        private Set<String> signedHeaders;
        private boolean idempotencyKeyFromBodyDigest;
        private String dataPointer = "/data";
        private String orderTypePointer;
        private String orderTypeConstant;
        private String orderIdPointer;
        private String orderSequencePointer;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private JsonLimits limits = JsonLimits.defaults();

        private Builder(String provider) {
            Objects.requireNonNull(provider, "provider");
            if (provider.isBlank()) {
                throw new IllegalArgumentException("provider must name the provider, e.g. \"stripe\"");
            }
            this.provider = provider;
        }

        /**
         * Where the event id is (default {@code /id}).
         *
         * @param pointer a JSON pointer to a member (array indices are not supported)
         * @return this builder
         */
        public Builder id(String pointer) {
            this.idPointer = memberPointer(pointer, "id");
            this.idHeaders = null;
            return this;
        }

        /**
         * The event id in the body is a JSON integer, read as its decimal text, for a provider
         * that documents numeric ids. A string id is then refused, as a number is by default:
         * accepting both would make {@code 7} and {@code "7"} one event. No provider with a
         * preset in payhooks sends numeric ids.
         *
         * @return this builder
         */
        public Builder numericId() {
            this.numericId = true;
            return this;
        }

        /**
         * Take the event id from a header instead of the body: the first of the names the request
         * carries ({@code webhook-id}, or Svix's {@code svix-id}).
         *
         * @param header the header name
         * @param alternates other spellings, tried in order when {@code header} is absent
         * @return this builder
         */
        public Builder idFromHeader(String header, String... alternates) {
            this.idHeaders = headerNames(header, alternates);
            this.idPointer = null;
            return this;
        }

        /**
         * Where the event type is (default {@code /type}; Omise: {@code /key}).
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder type(String pointer) {
            this.typePointer = memberPointer(pointer, "type");
            this.typeHeaders = null;
            return this;
        }

        /**
         * Take the event type from a header instead of the body ({@code X-GitHub-Event}).
         *
         * @param header the header name
         * @param alternates other spellings, tried in order when {@code header} is absent
         * @return this builder
         */
        public Builder typeFromHeader(String header, String... alternates) {
            this.typeHeaders = headerNames(header, alternates);
            this.typePointer = null;
            return this;
        }

        /**
         * Where the creation time is: epoch seconds or an ISO-8601 instant.
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder created(String pointer) {
            this.createdPointer = memberPointer(pointer, "created");
            return this;
        }

        /**
         * Where the mode is: a boolean ({@code true} = live) or a string ({@code live}/{@code test}).
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder mode(String pointer) {
            this.modePointer = memberPointer(pointer, "mode");
            return this;
        }

        /**
         * Where the connected account id is.
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder account(String pointer) {
            this.accountPointer = memberPointer(pointer, "account");
            return this;
        }

        /**
         * Where the API version is.
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder apiVersion(String pointer) {
            this.apiVersionPointer = memberPointer(pointer, "apiVersion");
            return this;
        }

        /**
         * Where the data object is (default {@code /data}); {@code ""} means the whole body.
         *
         * @param pointer a JSON pointer
         * @return this builder
         */
        public Builder data(String pointer) {
            JsonPointer.compile(Objects.requireNonNull(pointer, "pointer"));
            this.dataPointer = pointer;
            return this;
        }

        /**
         * Deduplicate by a header (Standard Webhooks' {@code webhook-id}) rather than the event id.
         *
         * @param header the header name
         * @param alternates other spellings, tried in order when {@code header} is absent
         * @return this builder
         */
        public Builder idempotencyKeyFromHeader(String header, String... alternates) {
            this.idempotencyKeyHeaders = headerNames(header, alternates);
            this.idempotencyKeyFromBodyDigest = false;
            return this;
        }

        /**
         * The headers the provider's signature covers, for decoders that read the id or the
         * idempotency key from a header. Once set, a key that would come from any other header
         * (which whoever replays a captured body may choose freely) is replaced by the SHA-256 of
         * the body, as with {@link #idempotencyKeyFromBodyDigest()}. Without it every header is
         * trusted. GitHub and Shopify sign only the body: {@code signedHeaders()} with no names makes
         * their unsigned delivery ids no key for deduplication.
         *
         * @param names the signed header names, case-insensitive; none for schemes that sign only the body
         * @return this builder
         */
        public Builder signedHeaders(String... names) {
            Set<String> lowerCase = new HashSet<>();
            for (String name : Objects.requireNonNull(names, "names")) {
                lowerCase.add(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT));
            }
            this.signedHeaders = Set.copyOf(lowerCase);
            return this;
        }

        /**
         * Deduplicate by the SHA-256 of the verified body ({@code sha256:<hex>}). For schemes whose
         * signature covers only the body (GitHub, Shopify): their delivery-id and topic headers are
         * not signed, so a key taken from them would let anyone who captured one signed body
         * replay it under fresh ids, as often as they like. Keyed by the body, every replay of
         * that body is a duplicate.
         *
         * @return this builder
         */
        public Builder idempotencyKeyFromBodyDigest() {
            this.idempotencyKeyFromBodyDigest = true;
            this.idempotencyKeyHeaders = null;
            return this;
        }

        /**
         * Copies a scalar from the body into {@link Event#attribute(String)}.
         *
         * @param name the attribute name
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder attribute(String name, String pointer) {
            Objects.requireNonNull(name, "name");
            attributes.put(name, memberPointer(pointer, name));
            return this;
        }

        /**
         * Where the object the event is about is named, for the ordering guard
         * ({@link Event#orderingObject()}): both members must be non-empty strings of at most
         * {@link #MAX_ID_LENGTH} characters, else the event has no ordering object. Stripe:
         * {@code orderingObject("/data/object/object", "/data/object/id")}.
         *
         * @param typePointer a JSON pointer to the object type
         * @param idPointer a JSON pointer to the object id
         * @return this builder
         * @since 0.1.0
         */
        public Builder orderingObject(String typePointer, String idPointer) {
            this.orderTypePointer = memberPointer(typePointer, "ordering object type");
            this.orderTypeConstant = null;
            this.orderIdPointer = memberPointer(idPointer, "ordering object id");
            return this;
        }

        /**
         * As {@link #orderingObject(String, String)}, for payloads whose objects are all of one
         * type. Yoco: {@code orderingObjectOfType("payment", "/payload/id")}.
         *
         * @param objectType the object type, not empty
         * @param idPointer a JSON pointer to the object id
         * @return this builder
         * @since 0.1.0
         */
        public Builder orderingObjectOfType(String objectType, String idPointer) {
            Objects.requireNonNull(objectType, "objectType");
            if (objectType.isEmpty()) {
                throw new IllegalArgumentException("the ordering object type must not be empty");
            }
            this.orderTypeConstant = objectType;
            this.orderTypePointer = null;
            this.orderIdPointer = memberPointer(idPointer, "ordering object id");
            return this;
        }

        /**
         * Where a tie-breaker between same-second events of one object is (a JSON integer such
         * as a version number), for providers that send one. Needs an ordering object.
         *
         * @param pointer a JSON pointer to an integer member
         * @return this builder
         * @since 0.1.0
         */
        public Builder orderingSequence(String pointer) {
            this.orderSequencePointer = memberPointer(pointer, "ordering sequence");
            return this;
        }

        /**
         * The JSON limits (default {@link JsonLimits#defaults()}).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(JsonLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The decoder.
         *
         * @return an immutable decoder
         */
        public JsonEventDecoder build() {
            if (orderSequencePointer != null && orderIdPointer == null) {
                throw new IllegalStateException("an ordering sequence needs an ordering object: call orderingObject(...)");
            }
            return new JsonEventDecoder(this);
        }

        private static List<String> headerNames(String header, String[] alternates) {
            List<String> names = new ArrayList<>(1 + alternates.length);
            names.add(Objects.requireNonNull(header, "header"));
            for (String alternate : alternates) {
                names.add(Objects.requireNonNull(alternate, "alternate header"));
            }
            return List.copyOf(names);
        }

        private static String memberPointer(String pointer, String what) {
            Objects.requireNonNull(pointer, what + " pointer");
            JsonPointer compiled;
            try {
                compiled = JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + what + " pointer '" + pointer
                        + "' is not a JSON pointer; write it like /data/object/id", e);
            }
            if (compiled.matches()) {
                throw new IllegalArgumentException("the " + what + " pointer must name a member, like /id, not the whole body");
            }
            return pointer;
        }
    }
}
