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

    /**
     * The ordering guard's claim. KEYS: the object's version hash (fields {@code c} created ms,
     * {@code s} sequence, {@code e} event id) and its hold key. ARGV: created ms, "1" if a sequence
     * follows, the sequence, the event id, the hold token, the lease ms. Returns
     * {@code {"older", c, s, e}}, {@code {"busy"}} or {@code {"claimed", tie(0|1), c, s, e}} (empty
     * strings for a version not stored). The order rule is {@code ObjectVersion.compareTo}'s.
     * Millisecond instants and sequences below 2^53 compare exactly as Lua numbers.
     */
    public static final Script VERSION_CLAIM = of("""
            local vc = redis.call('HGET', KEYS[1], 'c')
            local vs = redis.call('HGET', KEYS[1], 's')
            local ve = redis.call('HGET', KEYS[1], 'e')
            local tie = 0
            if vc then
              local rel = nil
              local c, sc = tonumber(ARGV[1]), tonumber(vc)
              if c > sc then rel = 'newer' elseif c < sc then rel = 'older'
              elseif ARGV[2] == '1' and vs then
                local s, ss = tonumber(ARGV[3]), tonumber(vs)
                if s > ss then rel = 'newer' elseif s < ss then rel = 'older' end
              end
              if not rel then
                if ARGV[4] == ve then rel = 'same' else rel = 'tie' end
              end
              if rel == 'older' or rel == 'same' then
                return {'older', vc, vs or '', ve or ''}
              end
              if rel == 'tie' then tie = 1 end
            end
            if redis.call('SET', KEYS[2], ARGV[5], 'NX', 'PX', ARGV[6]) then
              return {'claimed', tie, vc or '', vs or '', ve or ''}
            end
            return {'busy'}
            """);

    /**
     * Advance if newer, then end the hold of ARGV[5]. KEYS and ARGV[1..5] as
     * {@link #VERSION_CLAIM}; ARGV[6] the retention ms, the version's time to live from this advance.
     * Returns 1 if the token still held the object, else 0.
     */
    public static final Script VERSION_ADVANCE = of("""
            local vc = redis.call('HGET', KEYS[1], 'c')
            local newer = false
            if not vc then
              newer = true
            else
              local c, sc = tonumber(ARGV[1]), tonumber(vc)
              if c > sc then
                newer = true
              elseif c == sc and ARGV[2] == '1' then
                local vs = redis.call('HGET', KEYS[1], 's')
                if vs and tonumber(ARGV[3]) > tonumber(vs) then newer = true end
              end
            end
            if newer then
              redis.call('DEL', KEYS[1])
              if ARGV[2] == '1' then
                redis.call('HSET', KEYS[1], 'c', ARGV[1], 's', ARGV[3], 'e', ARGV[4])
              else
                redis.call('HSET', KEYS[1], 'c', ARGV[1], 'e', ARGV[4])
              end
              redis.call('PEXPIRE', KEYS[1], ARGV[6])
            end
            if redis.call('GET', KEYS[2]) == ARGV[5] then
              redis.call('DEL', KEYS[2])
              return 1
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
