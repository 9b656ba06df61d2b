package dev.payhooks.spring.boot.internal;

import dev.payhooks.redis.RedisIdempotencyStore;
import dev.payhooks.spring.boot.PayhooksConfigurationException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ResolvableType;

import java.util.Optional;

/** The Redis store; loaded only when payhooks-redis (and so Lettuce) is on the class path. */
final class RedisSupport {

    private RedisSupport() {
    }

    static StoreSetup setup(ListableBeanFactory beans) {
        StatefulRedisConnection<String, String> connection = beans.<StatefulRedisConnection<String, String>>getBeanProvider(
                ResolvableType.forClassWithGenerics(StatefulRedisConnection.class, String.class, String.class)).getIfUnique();
        if (connection != null) {
            return new StoreSetup("redis", RedisIdempotencyStore.builder(connection).build(), RedisSupport::noInbox,
                    () -> probe(connection.isOpen()), inbox -> Optional.empty());
        }
        StatefulRedisClusterConnection<String, String> cluster = beans.<StatefulRedisClusterConnection<String, String>>getBeanProvider(
                ResolvableType.forClassWithGenerics(StatefulRedisClusterConnection.class, String.class, String.class)).getIfUnique();
        if (cluster != null) {
            return new StoreSetup("redis", RedisIdempotencyStore.builder(cluster).build(), RedisSupport::noInbox,
                    () -> probe(cluster.isOpen()), inbox -> Optional.empty());
        }
        throw new PayhooksConfigurationException("payhooks.store=redis needs one Lettuce connection bean of type"
                + " StatefulRedisConnection<String, String> or StatefulRedisClusterConnection<String, String>"
                + " (for example RedisClient.create(uri).connect()); none or several were found");
    }

    private static dev.payhooks.spi.Inbox noInbox(String[] endpointAndTable) {
        throw new PayhooksConfigurationException("payhooks.inbox.enabled=true with payhooks.store=redis: there is no"
                + " Redis inbox; use payhooks.store=jdbc with a DataSource for inbox mode");
    }

    private static void probe(boolean open) {
        if (!open) {
            throw new IllegalStateException("the Redis connection is closed");
        }
    }
}
