package dev.payhooks.redis.internal;

import dev.payhooks.WebhookUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The stores' one way of talking to Redis: every command waits at most the command timeout, every
 * failure becomes a {@link WebhookUnavailableException} (the receiver answers 503), and scripts run
 * by {@code EVALSHA} with a fallback to {@code EVAL} when the server does not know them, including
 * when that answer comes after nobody waits for it any more (see {@link #script}).
 */
public final class Commands {

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Duration timeout;

    /**
     * @param redis the connection's asynchronous commands (standalone, Sentinel or Cluster)
     * @param timeout how long one command may take
     */
    public Commands(RedisClusterAsyncCommands<String, String> redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    /** @return the connection's asynchronous commands */
    public RedisClusterAsyncCommands<String, String> redis() {
        return redis;
    }

    /**
     * Runs a script, waiting at most the command timeout. A script the server does not have in its
     * cache (first use, {@code SCRIPT FLUSH}, a restart, another cluster node) is sent again with
     * {@code EVAL}, which caches it. A command that timed out is still sent by Lettuce once it has
     * reconnected, possibly to a restarted server with an empty script cache: that late
     * {@code NOSCRIPT} is answered with the script itself, so that a write that came too late for
     * its caller (a completion, a release, a version advance) is made all the same. The stores'
     * scripts check the owner's token, so running late never touches what is no longer the caller's.
     *
     * @param script the script
     * @param type its reply type
     * @param keys its keys
     * @param what what the script does, for the exception message ("release the claim")
     * @param args its arguments
     * @param <T> the reply type
     * @return the reply
     * @throws WebhookUnavailableException when Redis fails or does not answer in time
     */
    public <T> T script(Script script, ScriptOutputType type, String[] keys, String what, String... args) {
        List<RedisFuture<T>> sent = new ArrayList<>(1);
        try {
            return await(() -> {
                RedisFuture<T> command = redis.evalsha(script.sha1(), type, keys, args);
                sent.add(command);
                return command;
            }, what);
        } catch (NoScript e) {
            return await(() -> redis.<T>eval(script.source(), type, keys, args), what);
        } catch (WebhookUnavailableException e) {
            if (e.getCause() instanceof TimeoutException && !sent.isEmpty()) {
                sent.get(0).whenComplete((ignored, failure) -> {
                    if (failure instanceof RedisNoScriptException) {
                        evalQuietly(script, type, keys, args);
                    }
                });
            }
            throw e;
        }
    }

    /**
     * Sends a script with {@code EVAL} and does not wait for it.
     *
     * @param script the script
     * @param type its reply type
     * @param keys its keys
     * @param args its arguments
     */
    public void evalQuietly(Script script, ScriptOutputType type, String[] keys, String... args) {
        try {
            redis.eval(script.source(), type, keys, args);
        } catch (RedisException ignored) {
            // Rejected at once (connection closed): the provider's retry or the lease's end settles
            // the key, as it would have without this second try.
        }
    }

    /**
     * Waits for a command, at most the command timeout.
     *
     * @param command sends the command
     * @param what what it does, for the exception message
     * @param <T> the reply type
     * @return the reply
     * @throws WebhookUnavailableException when Redis fails or does not answer in time
     */
    public <T> T await(Supplier<RedisFuture<T>> command, String what) {
        try {
            return command.get().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new WebhookUnavailableException("Redis did not " + what + " within the command timeout of " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookUnavailableException("interrupted while waiting for Redis to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RedisNoScriptException) {
                throw new NoScript(cause);
            }
            throw unavailable(what, cause);
        } catch (RedisException e) {
            throw unavailable(what, e);
        }
    }

    private static WebhookUnavailableException unavailable(String what, Throwable cause) {
        // The exception type says what kind of failure it was; Lettuce's message (which may name the
        // host) stays in the cause, for the log.
        return new WebhookUnavailableException("Redis could not " + what + " (" + cause.getClass().getSimpleName() + ")",
                cause);
    }

    /** The server does not have a script in its cache. */
    public static final class NoScript extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoScript(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
