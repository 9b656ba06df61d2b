package dev.payhooks.spring.boot.internal;

import dev.payhooks.EventHandler;
import dev.payhooks.ResponsePolicy;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.spring.boot.PayhooksConfigurationException;
import dev.payhooks.spring.boot.PayhooksEndpoints;
import dev.payhooks.spring.boot.PayhooksProperties;
import dev.payhooks.spring.boot.TenantSecretLookup;
import dev.payhooks.spring.boot.WebhookEventFilter;
import dev.payhooks.spring.boot.WebhookHandler;
import dev.payhooks.spring.boot.WebhookReceiverCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds one receiver per configured endpoint once every singleton exists (so handler beans may
 * depend on anything), and runs the inbox workers as a lifecycle: they start once the context is
 * ready and stop after the web server's graceful shutdown, finishing or returning their rows.
 */
public final class EndpointRegistry implements PayhooksEndpoints, SmartInitializingSingleton, SmartLifecycle {

    /** Below the web server's lifecycle phases (graceful shutdown, then stop), so workers stop after them. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(EndpointRegistry.class);
    private static final String PREFIX = "payhooks.endpoints.";
    private static final Duration MAX_READ_TIMEOUT = Duration.ofMinutes(10);

    private final PayhooksProperties properties;
    private final ConfigurableListableBeanFactory beans;
    private final Object lifecycleLock = new Object();
    private volatile Map<String, Built> built = Map.of();
    private volatile StoreSetup storeSetup;
    private volatile boolean ready;
    private volatile boolean running;

    /**
     * Creates the registry; nothing is built before {@link #afterSingletonsInstantiated()}.
     *
     * @param properties the {@code payhooks.*} properties
     * @param beans the application's bean factory
     */
    public EndpointRegistry(PayhooksProperties properties, ConfigurableListableBeanFactory beans) {
        this.properties = properties;
        this.beans = beans;
    }

    private record Built(WebhookReceiver receiver, PayhooksProperties.Endpoint properties, Inbox inbox, InboxProcessor workers) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, PayhooksProperties.Endpoint> endpoints = properties.getEndpoints();
        validatePaths(endpoints);
        Map<String, List<HandlerMethod>> handlers = scanHandlers(endpoints.keySet());
        if (endpoints.isEmpty()) {
            ready = true;
            return;
        }
        boolean inboxMode = properties.getInbox().isEnabled();
        List<String> transactional = handlers.values().stream().flatMap(List::stream).filter(HandlerMethod::transactional)
                .map(HandlerMethod::description).toList();
        StoreSetup setup = chooseStore(inboxMode, transactional);
        checkInboxTables(endpoints, inboxMode, setup);
        Instrumentation instrumentation = beans.getBeanProvider(Instrumentation.class).getIfAvailable();
        Map<String, Built> receivers = new LinkedHashMap<>();
        for (Map.Entry<String, PayhooksProperties.Endpoint> entry : endpoints.entrySet()) {
            String name = entry.getKey();
            receivers.put(name, build(name, entry.getValue(), handlers.getOrDefault(name, List.of()), setup, inboxMode,
                    instrumentation));
        }
        this.built = Collections.unmodifiableMap(receivers);
        this.storeSetup = setup;
        this.ready = true;
        log.info("payhooks endpoints ready: {} ({} store{})", built.keySet(), setup.kind(), inboxMode ? ", inbox mode" : "");
    }

    private void validatePaths(Map<String, PayhooksProperties.Endpoint> endpoints) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (Map.Entry<String, PayhooksProperties.Endpoint> entry : endpoints.entrySet()) {
            String name = entry.getKey();
            String path = entry.getValue().getPath();
            if (path == null || path.isBlank()) {
                throw new PayhooksConfigurationException(PREFIX + name + ".path is not set: set it to the URL path the"
                        + " provider delivers to, e.g. " + PREFIX + name + ".path=/webhooks/" + name);
            }
            if (!path.startsWith("/") || path.contains("*") || path.contains("?") || path.contains("#")) {
                throw new PayhooksConfigurationException(PREFIX + name + ".path=" + path + " is not an exact URL path:"
                        + " give one that starts with / and has no wildcard, query or fragment, e.g. /webhooks/" + name);
            }
            String other = paths.putIfAbsent(path, name);
            if (other != null) {
                throw new PayhooksConfigurationException(PREFIX + other + ".path and " + PREFIX + name + ".path are both "
                        + path + ": give each endpoint a path of its own");
            }
        }
    }

    /**
     * The endpoint paths, to map the servlet filter to; read from the properties, so they are known
     * before the endpoints are built.
     *
     * @param properties the properties
     * @return path to endpoint name
     */
    public static Map<String, String> paths(PayhooksProperties properties) {
        Map<String, String> paths = new LinkedHashMap<>();
        properties.getEndpoints().forEach((name, endpoint) -> {
            if (endpoint.getPath() != null && !endpoint.getPath().isBlank()) {
                paths.putIfAbsent(endpoint.getPath(), name);
            }
        });
        return paths;
    }

    private Map<String, List<HandlerMethod>> scanHandlers(Set<String> endpointNames) {
        Map<String, List<HandlerMethod>> found = new LinkedHashMap<>();
        for (String beanName : beans.getBeanNamesForType(Object.class, false, true)) {
            if (beans.containsBeanDefinition(beanName)
                    && beans.getBeanDefinition(beanName).getRole() == org.springframework.beans.factory.config.BeanDefinition.ROLE_INFRASTRUCTURE) {
                continue;
            }
            Class<?> type;
            try {
                type = AutoProxyUtils.determineTargetClass(beans, beanName);
                if (type == null) {
                    type = beans.getType(beanName);
                }
            } catch (RuntimeException e) {
                continue;
            }
            if (type == null || !AnnotationUtils.isCandidateClass(type, WebhookHandler.class)) {
                continue;
            }
            Map<Method, WebhookHandler> methods = MethodIntrospector.selectMethods(type,
                    (MethodIntrospector.MetadataLookup<WebhookHandler>) m -> AnnotatedElementUtils.findMergedAnnotation(m, WebhookHandler.class));
            if (methods.isEmpty()) {
                continue;
            }
            Object bean = beans.getBean(beanName);
            for (Map.Entry<Method, WebhookHandler> entry : methods.entrySet()) {
                Method declared = entry.getKey();
                WebhookHandler annotation = entry.getValue();
                if (!endpointNames.contains(annotation.endpoint())) {
                    throw new PayhooksConfigurationException("@WebhookHandler(endpoint = \"" + annotation.endpoint() + "\") on "
                            + HandlerMethod.describe(declared) + " names an endpoint that is not configured"
                            + (endpointNames.isEmpty() ? " (no endpoint is configured)" : "; configured: " + endpointNames)
                            + ". Fix the name, or configure " + PREFIX + annotation.endpoint() + ".provider, .path and .secrets");
                }
                Method invocable = AopUtils.selectInvocableMethod(declared, bean.getClass());
                ReflectionUtils.makeAccessible(invocable);
                HandlerMethod handler = HandlerMethod.of(annotation, bean, declared, invocable);
                found.computeIfAbsent(annotation.endpoint(), k -> new ArrayList<>()).add(handler);
            }
        }
        return found;
    }

    private StoreSetup chooseStore(boolean inboxMode, List<String> transactionalHandlers) {
        PayhooksProperties.StoreType type = properties.getStore();
        boolean jdbcModule = present("dev.payhooks.jdbc.JdbcIdempotencyStore");
        DataSource dataSource = beans.getBeanProvider(DataSource.class).getIfUnique();
        if (type == null) {
            if (dataSource != null && jdbcModule) {
                type = PayhooksProperties.StoreType.JDBC;
            } else {
                if (inboxMode) {
                    throw new PayhooksConfigurationException("payhooks.inbox.enabled=true needs a durable inbox: add a"
                            + " DataSource bean and dev.payhooks:payhooks-jdbc" + (dataSource == null ? "" : " (the DataSource"
                            + " exists, payhooks-jdbc is missing)") + ", or set payhooks.store=memory to accept losing"
                            + " acknowledged deliveries when the process stops (tests only)");
                }
                if (dataSource != null) {
                    log.info("payhooks: a DataSource exists but dev.payhooks:payhooks-jdbc is not on the class path;"
                            + " deliveries are deduplicated in memory (one instance only)");
                }
                type = PayhooksProperties.StoreType.MEMORY;
            }
        }
        switch (type) {
            case JDBC -> {
                if (!jdbcModule) {
                    throw new PayhooksConfigurationException("payhooks.store=jdbc needs dev.payhooks:payhooks-jdbc on the"
                            + " class path: add that dependency");
                }
                if (dataSource == null) {
                    throw new PayhooksConfigurationException("payhooks.store=jdbc needs exactly one DataSource bean"
                            + " (none or several found): configure spring.datasource.*, or mark one DataSource @Primary");
                }
                return JdbcSupport.setup(dataSource, properties.getJdbc(), inboxMode, beans, beans.getBeanClassLoader(),
                        transactionalHandlers);
            }
            case REDIS -> {
                if (!present("dev.payhooks.redis.RedisIdempotencyStore")) {
                    throw new PayhooksConfigurationException("payhooks.store=redis needs dev.payhooks:payhooks-redis on the"
                            + " class path: add that dependency");
                }
                if (inboxMode) {
                    throw new PayhooksConfigurationException("payhooks.inbox.enabled=true with payhooks.store=redis: there"
                            + " is no Redis inbox; use payhooks.store=jdbc with a DataSource for inbox mode");
                }
                return RedisSupport.setup(beans);
            }
            default -> {
                if (inboxMode) {
                    log.warn("payhooks: inbox mode with payhooks.store=memory keeps acknowledged deliveries in memory;"
                            + " they are lost when the process stops. Use a DataSource and payhooks-jdbc in production.");
                }
                return new StoreSetup("memory", IdempotencyStore.inMemory(), endpointAndTable -> Inbox.inMemory(),
                        () -> { }, inbox -> inbox.stats().map(InboxFigures::of));
            }
        }
    }

    private static void checkInboxTables(Map<String, PayhooksProperties.Endpoint> endpoints, boolean inboxMode, StoreSetup setup) {
        if (!inboxMode || !setup.kind().equals("jdbc")) {
            return;
        }
        Map<String, String> tables = new LinkedHashMap<>();
        endpoints.forEach((name, endpoint) -> {
            String table = endpoint.getInboxTable() != null ? endpoint.getInboxTable() : "payhooks_inbox";
            String other = tables.putIfAbsent(table.toLowerCase(Locale.ROOT), name);
            if (other != null) {
                throw new PayhooksConfigurationException("endpoints " + other + " and " + name + " would share the inbox"
                        + " table " + table + ", and each endpoint's workers would take the other's rows: set "
                        + PREFIX + name + ".inbox-table to a table of its own");
            }
        });
    }

    private Built build(String name, PayhooksProperties.Endpoint endpoint, List<HandlerMethod> handlers, StoreSetup setup,
            boolean inboxMode, Instrumentation instrumentation) {
        WebhookSource source = source(name, endpoint);
        WebhookReceiver.Builder builder = WebhookReceiver.builder().source(source);
        long maxBody = endpoint.getMaxBodySize().toBytes();
        if (maxBody < 1 || maxBody > Integer.MAX_VALUE) {
            throw new PayhooksConfigurationException(PREFIX + name + ".max-body-size=" + endpoint.getMaxBodySize()
                    + " is out of range: give a positive size below 2GB, e.g. 1MB");
        }
        try {
            builder.maxBodyBytes((int) maxBody);
        } catch (IllegalArgumentException e) {
            throw new PayhooksConfigurationException(PREFIX + name + ".max-body-size: " + e.getMessage(), e);
        }
        Inbox inbox = null;
        if (inboxMode) {
            inbox = setup.inboxes().apply(new String[] {name, endpoint.getInboxTable()});
            builder.inbox(inbox);
        } else {
            builder.idempotencyStore(setup.store());
        }
        beans.getBeanProvider(ResponsePolicy.class).ifUnique(builder::responsePolicy);
        beans.getBeanProvider(WebhookListener.class).orderedStream().forEach(builder::listener);
        List<WebhookEventFilter> filters = beans.getBeanProvider(WebhookEventFilter.class).orderedStream().toList();
        for (WebhookEventFilter filter : filters) {
            builder.filter(event -> filter.keep(name, event));
        }
        for (HandlerMethod handler : handlers) {
            if (handler.transactional() && !setup.kind().equals("jdbc")) {
                throw new PayhooksConfigurationException("@WebhookHandler on " + handler.description() + " is transactional,"
                        + " which needs the JDBC store (payhooks." + (inboxMode ? "inbox" : "store") + " is " + setup.kind()
                        + "): add dev.payhooks:payhooks-jdbc and a DataSource bean (payhooks.store=jdbc), or remove"
                        + " transactional = true");
            }
            EventHandler registered = handler.transactional() ? JdbcSupport.transactional(handler) : handler;
            for (String type : handler.types()) {
                try {
                    builder.on(type, registered);
                } catch (IllegalArgumentException e) {
                    throw new PayhooksConfigurationException("@WebhookHandler on " + handler.description() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        if (instrumentation != null) {
            instrumentation.receiver(name, builder);
        }
        beans.getBeanProvider(WebhookReceiverCustomizer.class).orderedStream().forEach(c -> c.customize(name, builder));
        WebhookReceiver receiver = builder.build();
        Duration readTimeout = endpoint.getReadTimeout();
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero() || readTimeout.compareTo(MAX_READ_TIMEOUT) > 0) {
            // The servlet adapter's range; checked here so that a bad value stops startup, not the first webhook.
            throw new PayhooksConfigurationException(PREFIX + name + ".read-timeout=" + readTimeout
                    + " is out of range: give a positive duration of at most 10 minutes, e.g. 10s");
        }
        InboxProcessor workers = null;
        if (inbox != null) {
            PayhooksProperties.Inbox inboxProperties = properties.getInbox();
            InboxProcessor.Builder workerBuilder;
            try {
                workerBuilder = InboxProcessor.builder(receiver, inbox)
                        .threads(inboxProperties.getThreads())
                        .maxAttempts(inboxProperties.getMaxAttempts())
                        .backoff(inboxProperties.getInitialBackoff(), inboxProperties.getMaxBackoff())
                        .shutdownTimeout(inboxProperties.getShutdownTimeout());
            } catch (IllegalArgumentException e) {
                throw new PayhooksConfigurationException("payhooks.inbox: " + e.getMessage(), e);
            }
            if (instrumentation != null) {
                instrumentation.inbox(name, inbox, workerBuilder);
            }
            workers = workerBuilder.build();
        }
        if (handlers.isEmpty()) {
            log.warn("payhooks endpoint {} has no @WebhookHandler method: its events are acknowledged and not handled", name);
        }
        return new Built(receiver, endpoint, inbox, workers);
    }

    private WebhookSource source(String name, PayhooksProperties.Endpoint endpoint) {
        String providerName = endpoint.getProvider();
        String installed = WebhookProvider.installed().stream().map(WebhookProvider::name).collect(Collectors.joining(", ", "[", "]"));
        if (providerName == null || providerName.isBlank()) {
            throw new PayhooksConfigurationException(PREFIX + name + ".provider is not set: set it to one of the installed"
                    + " providers " + installed);
        }
        WebhookProvider provider = WebhookProvider.named(providerName).orElseThrow(() -> new PayhooksConfigurationException(
                PREFIX + name + ".provider=" + providerName + " names no installed provider; installed: " + installed
                        + ". Fix the name or add the provider's module (e.g. dev.payhooks:payhooks-stripe)"));
        SecretResolver resolver = secrets(name, endpoint);
        Tolerance tolerance = endpoint.getTolerance() == null ? provider.defaultTolerance() : Tolerance.of(endpoint.getTolerance());
        try {
            return provider.source(resolver, tolerance);
        } catch (IllegalArgumentException e) {
            throw new PayhooksConfigurationException(PREFIX + name + ": " + e.getMessage(), e);
        }
    }

    private SecretResolver secrets(String name, PayhooksProperties.Endpoint endpoint) {
        List<String> secrets = endpoint.getSecrets().stream().filter(s -> s != null && !s.isEmpty()).toList();
        String resolverBean = endpoint.getSecretResolver();
        PayhooksProperties.Tenant tenant = endpoint.getTenant();
        boolean tenantKey = !tenant.getQueryParameters().isEmpty() || tenant.getHeader() != null;
        int ways = (secrets.isEmpty() ? 0 : 1) + (resolverBean == null ? 0 : 1) + (tenantKey ? 1 : 0);
        if (ways == 0) {
            throw new PayhooksConfigurationException(PREFIX + name + " has no secrets: set " + PREFIX + name
                    + ".secrets[0] (e.g. to ${STRIPE_WEBHOOK_SECRET}), or name a SecretResolver bean with " + PREFIX + name
                    + ".secret-resolver, or set " + PREFIX + name + ".tenant.query-parameters with a TenantSecretLookup bean");
        }
        if (ways > 1) {
            throw new PayhooksConfigurationException(PREFIX + name + " sets more than one of .secrets, .secret-resolver and"
                    + " .tenant.*: keep the one that gives this endpoint's secrets");
        }
        if (!secrets.isEmpty()) {
            try {
                return SecretResolver.of(secrets.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                // Core's messages describe the problem without the secret's value.
                throw new PayhooksConfigurationException(PREFIX + name + ".secrets: " + e.getMessage(), e);
            }
        }
        if (resolverBean != null) {
            try {
                return beans.getBean(resolverBean, SecretResolver.class);
            } catch (NoSuchBeanDefinitionException | BeanNotOfRequiredTypeException e) {
                throw new PayhooksConfigurationException(PREFIX + name + ".secret-resolver=" + resolverBean
                        + " names no SecretResolver bean: define a @Bean SecretResolver named " + resolverBean, e);
            }
        }
        if (!tenant.getQueryParameters().isEmpty() && tenant.getHeader() != null) {
            throw new PayhooksConfigurationException(PREFIX + name + ".tenant sets both query-parameters and header: keep one");
        }
        TenantSecretLookup lookup = beans.getBeanProvider(TenantSecretLookup.class).getIfUnique();
        if (lookup == null) {
            throw new PayhooksConfigurationException(PREFIX + name + ".tenant.* is set, so this endpoint's secrets come"
                    + " from a TenantSecretLookup bean, and there is none (or several): define one @Bean TenantSecretLookup");
        }
        TenantKey key;
        try {
            key = tenant.getHeader() != null ? TenantKey.header(tenant.getHeader())
                    : TenantKey.queryParameters(tenant.getQueryParameters().toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new PayhooksConfigurationException(PREFIX + name + ".tenant: " + e.getMessage(), e);
        }
        return SecretResolver.perTenant(key, tenantName -> lookup.secrets(name, tenantName));
    }

    private boolean present(String className) {
        return ClassUtils.isPresent(className, beans.getBeanClassLoader());
    }

    /**
     * Whether the endpoints are built.
     *
     * @return {@code true} after {@link #afterSingletonsInstantiated()}
     */
    public boolean isReady() {
        return ready;
    }

    /**
     * The configuration of one built endpoint.
     *
     * @param endpoint the endpoint's name
     * @return its properties, or empty before the endpoints are built
     */
    public Optional<PayhooksProperties.Endpoint> endpointProperties(String endpoint) {
        return Optional.ofNullable(built.get(endpoint)).map(Built::properties);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(properties.getEndpoints().keySet()));
    }

    @Override
    public Optional<WebhookReceiver> receiver(String endpoint) {
        return Optional.ofNullable(built.get(endpoint)).map(Built::receiver);
    }

    @Override
    public Optional<Inbox> inbox(String endpoint) {
        return Optional.ofNullable(built.get(endpoint)).map(Built::inbox);
    }

    /**
     * The store setup, for the health indicator.
     *
     * @return the setup, or empty before the endpoints are built or without endpoints
     */
    Optional<StoreSetup> storeSetup() {
        return Optional.ofNullable(storeSetup);
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            for (Built b : built.values()) {
                if (b.workers() != null) {
                    b.workers().start();
                }
            }
            running = true;
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycleLock) {
            running = false;
            for (Built b : built.values()) {
                if (b.workers() != null) {
                    b.workers().close();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
