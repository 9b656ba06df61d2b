package dev.payhooks.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.payhooks.JsonLimits;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The library's own JSON machinery: one locked-down factory and mapper per {@link JsonLimits}.
 * Jackson's global defaults are never touched, and no Jackson type leaves the core module's
 * exported API.
 *
 * <p>Why each setting: duplicate member names are rejected because two parsers that resolve a
 * duplicate differently could see two different events behind one signature; trailing tokens are
 * rejected for the same reason; unknown properties are tolerated because providers add fields in
 * every API version; no polymorphic typing is enabled, so the payload never chooses a class.
 */
public final class Json {

    private static final ConcurrentMap<JsonLimits, Json> BY_LIMITS = new ConcurrentHashMap<>();

    private final JsonFactory factory;
    private final JsonFactory scanFactory;
    private final ObjectMapper mapper;

    private Json(JsonLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxDocumentLength(limits.maxDocumentLength())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxNameLength(limits.maxNameLength())
                .maxTokenCount(limits.maxTokenCount())
                .build();
        this.factory = new JsonFactoryBuilder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Parser messages must not quote the payload; see translate().
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        // The envelope decoder's streaming pass detects duplicate names itself (MemberNames: the
        // same rule on every object, without a set allocated per object); every other limit and
        // rule is the factory's, as above.
        this.scanFactory = new JsonFactoryBuilder()
                .streamReadConstraints(constraints)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                .build();
    }

    /**
     * The machinery for a set of limits (cached: factories are expensive to build, cheap to share).
     *
     * @param limits the limits
     * @return the shared instance
     */
    public static Json forLimits(JsonLimits limits) {
        return BY_LIMITS.computeIfAbsent(limits, Json::new);
    }

    /**
     * A streaming parser over the bytes, with every limit, that does <em>not</em> detect duplicate
     * member names: the caller must, on every object it reads or skips, with {@link MemberNames}.
     *
     * @param bytes the JSON bytes
     * @return a parser; the caller closes it
     * @throws IOException never in practice for byte input
     */
    public JsonParser scanningParser(byte[] bytes) throws IOException {
        return scanFactory.createParser(bytes);
    }

    /**
     * The exception for a repeated member name found by a caller of {@link #scanningParser(byte[])}:
     * the same reason and message as when the strict parser finds one; the name is not quoted.
     *
     * @param parser the parser, positioned on the repeated name
     * @param what names the input in the message
     * @return the exception to throw
     */
    public static WebhookDecodingException duplicate(JsonParser parser, String what) {
        JsonLocation location = parser.currentTokenLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new WebhookDecodingException(RejectionReason.DUPLICATE_JSON_KEY, what + " repeats a member name in one object" + where);
    }

    /**
     * The whole document as a tree, with every limit and strictness rule applied.
     *
     * @param bytes the JSON bytes
     * @return the root node
     * @throws WebhookDecodingException when the bytes are not one acceptable JSON value
     */
    public JsonNode tree(byte[] bytes) {
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null) {
                throw new WebhookDecodingException(RejectionReason.MALFORMED_JSON, "the body is empty");
            }
            if (parser.nextToken() != null) {
                throw new WebhookDecodingException(RejectionReason.MALFORMED_JSON,
                        "the body has content after the JSON value");
            }
            return node;
        } catch (IOException e) {
            throw translate(e, "the body");
        }
    }

    /**
     * Binds a node to a type, ignoring unknown properties.
     *
     * @param node the node
     * @param type the target type (a record or a bean)
     * @param what names the node in error messages (a JSON pointer)
     * @param <T> the target type
     * @return the bound value
     * @throws WebhookDecodingException when the node does not fit the type
     */
    public <T> T bind(JsonNode node, Class<T> type, String what) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonMappingException e) {
            // getPathReference() names member names only, never values.
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                    "could not bind " + what + " to " + type.getSimpleName() + " at "
                            + e.getPathReference() + " (" + e.getClass().getSimpleName() + ")");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                    "could not bind " + what + " to " + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The compact JSON text of a node.
     *
     * @param node the node
     * @return JSON text
     */
    public String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree could not be written back", e);
        }
    }

    /**
     * Turns a parser failure into a decoding exception with a reason code. Jackson's messages
     * quote fragments of the input (which may be personal data), so only the kind of error and
     * its location are kept; the parser exception is deliberately not attached as the cause.
     *
     * @param e the parser failure
     * @param what names the input in the message
     * @return the exception to throw
     */
    public static WebhookDecodingException translate(IOException e, String what) {
        String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr()
                : "";
        if (e instanceof StreamConstraintsException) {
            return new WebhookDecodingException(RejectionReason.JSON_LIMIT_EXCEEDED,
                    what + " exceeds a JSON limit (depth, length, string, number, name or token count)" + where);
        }
        if (e instanceof JsonParseException && e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
            return new WebhookDecodingException(RejectionReason.DUPLICATE_JSON_KEY,
                    what + " repeats a member name in one object" + where);
        }
        return new WebhookDecodingException(RejectionReason.MALFORMED_JSON,
                what + " is not well-formed JSON" + where);
    }

    /**
     * Whether a token is a scalar value.
     *
     * @param token the token
     * @return {@code true} for strings, numbers, booleans and null
     */
    public static boolean isScalar(JsonToken token) {
        return token != null && token.isScalarValue();
    }
}
