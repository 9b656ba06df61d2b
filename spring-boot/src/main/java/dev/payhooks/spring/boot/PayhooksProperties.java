package dev.payhooks.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code payhooks.*} application properties.
 *
 * <pre>
 * payhooks.endpoints.stripe.provider=stripe
 * payhooks.endpoints.stripe.path=/webhooks/stripe
 * payhooks.endpoints.stripe.secrets[0]=${STRIPE_WEBHOOK_SECRET}
 * </pre>
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "payhooks")
public class PayhooksProperties {

    /** The webhook endpoints, by name; handler methods name them in {@code @WebhookHandler(endpoint = ...)}. */
    private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    /** Where deliveries are deduplicated: memory, jdbc or redis. Default: jdbc when a DataSource bean exists and payhooks-jdbc is on the class path, else memory. */
    private StoreType store;

    /** The order of the servlet filter that serves the endpoint paths; the default is ahead of Spring Security's filter chain (-100). */
    private int filterOrder = -110;

    /** Inbox mode. */
    private final Inbox inbox = new Inbox();

    /** The JDBC store and inbox. */
    private final Jdbc jdbc = new Jdbc();

    /** The payhooks health indicator. */
    private final Health health = new Health();

    /** Creates the properties with their defaults; Spring binds them. */
    public PayhooksProperties() {
    }

    /**
     * The endpoints by name.
     *
     * @return a mutable map, in the order configured
     */
    public Map<String, Endpoint> getEndpoints() {
        return endpoints;
    }

    /**
     * Sets the endpoints.
     *
     * @param endpoints the endpoints by name
     */
    public void setEndpoints(Map<String, Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * The store type, or {@code null} to choose by what the application has.
     *
     * @return the store type, possibly {@code null}
     */
    public StoreType getStore() {
        return store;
    }

    /**
     * Sets the store type.
     *
     * @param store the store type; {@code null} to choose by what the application has
     */
    public void setStore(StoreType store) {
        this.store = store;
    }

    /**
     * The filter's order.
     *
     * @return the order (default -110)
     */
    public int getFilterOrder() {
        return filterOrder;
    }

    /**
     * Sets the filter's order; keep it below Spring Security's -100.
     *
     * @param filterOrder the order
     */
    public void setFilterOrder(int filterOrder) {
        this.filterOrder = filterOrder;
    }

    /**
     * Inbox mode.
     *
     * @return the inbox properties
     */
    public Inbox getInbox() {
        return inbox;
    }

    /**
     * The JDBC store and inbox.
     *
     * @return the JDBC properties
     */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /**
     * The health indicator.
     *
     * @return the health properties
     */
    public Health getHealth() {
        return health;
    }

    /**
     * Where deliveries are deduplicated.
     *
     * @since 0.1.0
     */
    public enum StoreType {
        /** In this process only: one instance. */
        MEMORY,
        /** A table in the application's DataSource (payhooks-jdbc): several instances. */
        JDBC,
        /** Redis through the application's Lettuce connection bean (payhooks-redis): several instances. */
        REDIS
    }

    /**
     * One webhook endpoint.
     *
     * @since 0.1.0
     */
    public static class Endpoint {

        /** The provider's name, as the WebhookProvider service knows it: stripe, omise, standard-webhooks, ... */
        private String provider;

        /** The URL path the endpoint answers on, e.g. /webhooks/stripe. */
        private String path;

        /** The signing secrets; empty entries are ignored, so an old secret can be left empty outside a rotation. */
        private List<String> secrets = new ArrayList<>();

        /** How far a signed timestamp may be from now, in both directions. Default: the provider's own. */
        private Duration tolerance;

        /** The largest body accepted; larger ones are answered 413. */
        private DataSize maxBodySize = DataSize.ofMegabytes(1);

        /** How long the whole body may take to arrive before the request is answered 408. */
        private Duration readTimeout = Duration.ofSeconds(10);

        /** The name of a SecretResolver bean that gives this endpoint's secrets, instead of secrets. */
        private String secretResolver;

        /** The inbox table of this endpoint in inbox mode with a DataSource; each endpoint needs a table of its own. */
        private String inboxTable;

        /** Where the request names its tenant; the secrets then come from a TenantSecretLookup bean. */
        private final Tenant tenant = new Tenant();

        /** Creates an endpoint with the defaults; Spring binds it. */
        public Endpoint() {
        }

        /**
         * The provider's name.
         *
         * @return the name, possibly {@code null} when not configured
         */
        public String getProvider() {
            return provider;
        }

        /**
         * Sets the provider's name.
         *
         * @param provider e.g. {@code stripe}
         */
        public void setProvider(String provider) {
            this.provider = provider;
        }

        /**
         * The URL path.
         *
         * @return the path, possibly {@code null} when not configured
         */
        public String getPath() {
            return path;
        }

        /**
         * Sets the URL path.
         *
         * @param path e.g. {@code /webhooks/stripe}
         */
        public void setPath(String path) {
            this.path = path;
        }

        /**
         * The signing secrets as configured (empty entries included).
         *
         * @return a mutable list
         */
        public List<String> getSecrets() {
            return secrets;
        }

        /**
         * Sets the signing secrets.
         *
         * @param secrets the secrets; empty entries are ignored
         */
        public void setSecrets(List<String> secrets) {
            this.secrets = secrets;
        }

        /**
         * The timestamp tolerance.
         *
         * @return the tolerance, or {@code null} for the provider's own
         */
        public Duration getTolerance() {
            return tolerance;
        }

        /**
         * Sets the timestamp tolerance.
         *
         * @param tolerance e.g. {@code 5m}
         */
        public void setTolerance(Duration tolerance) {
            this.tolerance = tolerance;
        }

        /**
         * The largest body accepted.
         *
         * @return the limit (default 1 MB)
         */
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        /**
         * Sets the largest body accepted.
         *
         * @param maxBodySize e.g. {@code 1MB}
         */
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        /**
         * The read deadline for a body.
         *
         * @return the deadline (default 10 s)
         */
        public Duration getReadTimeout() {
            return readTimeout;
        }

        /**
         * Sets the read deadline for a body.
         *
         * @param readTimeout positive, at most 10 minutes
         */
        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /**
         * The name of the SecretResolver bean for this endpoint.
         *
         * @return the bean name, or {@code null}
         */
        public String getSecretResolver() {
            return secretResolver;
        }

        /**
         * Names a SecretResolver bean for this endpoint.
         *
         * @param secretResolver the bean name
         */
        public void setSecretResolver(String secretResolver) {
            this.secretResolver = secretResolver;
        }

        /**
         * The inbox table.
         *
         * @return the table name, or {@code null} for {@code payhooks_inbox}
         */
        public String getInboxTable() {
            return inboxTable;
        }

        /**
         * Sets the inbox table.
         *
         * @param inboxTable the table name
         */
        public void setInboxTable(String inboxTable) {
            this.inboxTable = inboxTable;
        }

        /**
         * Where the request names its tenant.
         *
         * @return the tenant properties
         */
        public Tenant getTenant() {
            return tenant;
        }
    }

    /**
     * Where a request names its tenant. Set one of the two.
     *
     * @since 0.1.0
     */
    public static class Tenant {

        /** Query parameters whose values, together, name the tenant (e.g. merchantId,gatewayProfileId). */
        private List<String> queryParameters = new ArrayList<>();

        /** A header whose value names the tenant. */
        private String header;

        /** Creates the tenant properties, unset; Spring binds them. */
        public Tenant() {
        }

        /**
         * The query parameters.
         *
         * @return a mutable list, empty when not used
         */
        public List<String> getQueryParameters() {
            return queryParameters;
        }

        /**
         * Sets the query parameters.
         *
         * @param queryParameters the parameter names
         */
        public void setQueryParameters(List<String> queryParameters) {
            this.queryParameters = queryParameters;
        }

        /**
         * The header.
         *
         * @return the header name, or {@code null}
         */
        public String getHeader() {
            return header;
        }

        /**
         * Sets the header.
         *
         * @param header the header name
         */
        public void setHeader(String header) {
            this.header = header;
        }
    }

    /**
     * Inbox mode: answer 200 once a verified delivery is stored, run handlers on workers.
     *
     * @since 0.1.0
     */
    public static class Inbox {

        /** Whether verified deliveries are stored in an inbox and handled by workers after the answer. */
        private boolean enabled;

        /** Worker threads per endpoint. */
        private int threads = 4;

        /** Attempts before a row is dead. */
        private int maxAttempts = 8;

        /** The first retry's delay (doubled on each attempt, with jitter). */
        private Duration initialBackoff = Duration.ofSeconds(10);

        /** The longest retry delay. */
        private Duration maxBackoff = Duration.ofHours(1);

        /** How long running work may take to finish when the application stops; the rest is returned to the inbox. */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /** Creates the inbox properties with their defaults; Spring binds them. */
        public Inbox() {
        }

        /**
         * Whether inbox mode is on.
         *
         * @return {@code true} for inbox mode (default {@code false})
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Turns inbox mode on or off.
         *
         * @param enabled {@code true} for inbox mode
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Worker threads per endpoint.
         *
         * @return the count (default 4)
         */
        public int getThreads() {
            return threads;
        }

        /**
         * Sets the worker threads per endpoint.
         *
         * @param threads at least 1
         */
        public void setThreads(int threads) {
            this.threads = threads;
        }

        /**
         * Attempts before a row is dead.
         *
         * @return the count (default 8)
         */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets the attempts before a row is dead.
         *
         * @param maxAttempts at least 1
         */
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /**
         * The first retry's delay.
         *
         * @return the delay (default 10 s)
         */
        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        /**
         * Sets the first retry's delay.
         *
         * @param initialBackoff positive
         */
        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        /**
         * The longest retry delay.
         *
         * @return the delay (default 1 h)
         */
        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        /**
         * Sets the longest retry delay.
         *
         * @param maxBackoff at least the initial delay
         */
        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        /**
         * How long running work may take to finish on shutdown.
         *
         * @return the timeout (default 30 s)
         */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /**
         * Sets how long running work may take to finish on shutdown.
         *
         * @param shutdownTimeout positive
         */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }
    }

    /**
     * The JDBC store and inbox.
     *
     * @since 0.1.0
     */
    public static class Jdbc {

        /** Whether to create missing tables at startup; off by default: apply the DDL shipped in payhooks-jdbc with Flyway or Liquibase. */
        private boolean createSchema;

        /** The idempotency table. */
        private String table = "payhooks_idempotency";

        /** Creates the JDBC properties with their defaults; Spring binds them. */
        public Jdbc() {
        }

        /**
         * Whether missing tables are created at startup.
         *
         * @return {@code true} to create them (default {@code false})
         */
        public boolean isCreateSchema() {
            return createSchema;
        }

        /**
         * Sets whether missing tables are created at startup.
         *
         * @param createSchema {@code true} to create them
         */
        public void setCreateSchema(boolean createSchema) {
            this.createSchema = createSchema;
        }

        /**
         * The idempotency table.
         *
         * @return the table name (default {@code payhooks_idempotency})
         */
        public String getTable() {
            return table;
        }

        /**
         * Sets the idempotency table.
         *
         * @param table the table name
         */
        public void setTable(String table) {
            this.table = table;
        }
    }

    /**
     * The {@code payhooks} health indicator (with Spring Boot Actuator).
     *
     * @since 0.1.0
     */
    public static class Health {

        /** DOWN when an inbox's oldest pending row has waited longer than this. */
        private Duration maxPendingAge = Duration.ofMinutes(15);

        /** OUT_OF_SERVICE when an inbox holds more dead rows than this; negative: never. */
        private long maxDead = -1;

        /** Creates the health properties with their defaults; Spring binds them. */
        public Health() {
        }

        /**
         * The oldest pending age before DOWN.
         *
         * @return the age (default 15 min)
         */
        public Duration getMaxPendingAge() {
            return maxPendingAge;
        }

        /**
         * Sets the oldest pending age before DOWN.
         *
         * @param maxPendingAge positive
         */
        public void setMaxPendingAge(Duration maxPendingAge) {
            this.maxPendingAge = maxPendingAge;
        }

        /**
         * Dead rows allowed before OUT_OF_SERVICE.
         *
         * @return the count; negative for no limit (the default)
         */
        public long getMaxDead() {
            return maxDead;
        }

        /**
         * Sets the dead rows allowed before OUT_OF_SERVICE.
         *
         * @param maxDead the count; negative for no limit
         */
        public void setMaxDead(long maxDead) {
            this.maxDead = maxDead;
        }
    }
}
