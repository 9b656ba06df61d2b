package dev.payhooks.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script and its SHA-1, the name {@code EVALSHA} runs it by. Redis runs a script atomically:
 * no other command runs between its reads and writes, which is what makes the token check and the
 * write one step (see the {@code EVAL} documentation, "Atomicity of scripts").
 *
 * @param source the Lua source
 * @param sha1 its SHA-1 in lower-case hex, as {@code SCRIPT LOAD} returns it
 */
public record Script(String source, String sha1) {

    /** Value prefix of a key claimed and not yet completed: {@code c:<token>}. */
    public static final String CLAIMED = "c:";
    /** Value prefix of a completed key: {@code d:<completion time in epoch milliseconds, server clock>}. */
    public static final String DONE = "d:";

    /**
     * The state of a key that a {@code SET NX} did not create: an empty array when the key is gone,
     * else its value, its remaining time to live in milliseconds and the server's {@code TIME}
     * (seconds, microseconds), so that instants are on the same clock as the expiry.
     */
    public static final Script INSPECT = of("""
            local value = redis.call('GET', KEYS[1])
            if not value then
              return {}
            end
            local now = redis.call('TIME')
            return {value, redis.call('PTTL', KEYS[1]), now[1], now[2]}
            """);

    /**
     * Marks a key done if it still holds {@code ARGV[1]} (the claim value with the owner's token):
     * the value becomes {@code d:<now in ms>} and the time to live the retention ({@code ARGV[2]} ms).
     * Returns 1 when it did, else 0.
     */
    public static final Script COMPLETE = of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
              return 0
            end
            local now = redis.call('TIME')
            local millis = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
            redis.call('SET', KEYS[1], 'd:' .. millis, 'PX', ARGV[2])
            return 1
            """);

    /** Deletes a key if it still holds {@code ARGV[1]}. Returns 1 when it did, else 0. */
    public static final Script RELEASE = of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private static Script of(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new Script(source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
