package dev.payhooks.spring.boot.tests;

import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.ResponsePolicy;
import dev.payhooks.WebhookListener;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spring.boot.PayhooksConfigurationException;
import dev.payhooks.spring.boot.PayhooksEndpoints;
import dev.payhooks.spring.boot.WebhookEventFilter;
import dev.payhooks.spring.boot.WebhookHandler;
import dev.payhooks.spring.boot.WebhookReceiverCustomizer;
import dev.payhooks.stripe.view.RefundView;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Every condition of the auto-configuration and every startup failure, without a server. */
class AutoConfigurationTest {

    static final String SECRET = "whsec_context_runner_secret";

    static final String AUTO_CONFIGURATION = "dev.payhooks.spring.boot.internal.PayhooksAutoConfiguration";

    /** The auto-configurations present on this Boot line among the names given (Boot 4 first, then Boot 3). */
    static AutoConfigurations autoConfigurations(String... names) {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (ClassUtils.isPresent(name, AutoConfigurationTest.class.getClassLoader())) {
                classes.add(ClassUtils.resolveClassName(name, AutoConfigurationTest.class.getClassLoader()));
            }
        }
        return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(autoConfigurations(AUTO_CONFIGURATION))
            .withPropertyValues(
                    "payhooks.endpoints.stripe.provider=stripe",
                    "payhooks.endpoints.stripe.path=/webhooks/stripe",
                    "payhooks.endpoints.stripe.secrets[0]=" + SECRET);

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(autoConfigurations(AUTO_CONFIGURATION))
            .withPropertyValues(
                    "payhooks.endpoints.stripe.provider=stripe",
                    "payhooks.endpoints.stripe.path=/webhooks/stripe",
                    "payhooks.endpoints.stripe.secrets[0]=" + SECRET);

    // ---- handler discovery and customization beans ----

    @Test
    void annotatedMethodsHandleTheirTypesWithTheEventAndTheBoundData() {
        runner.withUserConfiguration(RefundHandlers.class).run(context -> {
            WebhookReceiver receiver = receiver(context, "stripe");
            RefundHandlers handlers = context.getBean(RefundHandlers.class);

            WebhookResponse failed = receiver.receive(Deliveries.signed(SECRET, Deliveries.refund("evt_1", "refund.failed", "re_1")));
            WebhookResponse updated = receiver.receive(Deliveries.signed(SECRET, Deliveries.refund("evt_2", "refund.updated", "re_2")));
            WebhookResponse other = receiver.receive(Deliveries.signed(SECRET, Deliveries.refund("evt_3", "charge.refunded", "re_3")));

            assertThat(failed.outcome()).isEqualTo(Outcome.HANDLED);
            assertThat(updated.outcome()).isEqualTo(Outcome.HANDLED);
            assertThat(other.outcome()).isEqualTo(Outcome.UNHANDLED);
            assertThat(handlers.calls).containsExactlyInAnyOrder("failed re_1 evt_1", "any evt_1", "any evt_2");
        });
    }

    @Test
    void aHandlerThatThrowsFailsTheDeliverySoTheProviderRetries() {
        runner.withUserConfiguration(FailingHandler.class).run(context -> {
            WebhookResponse response = receiver(context, "stripe")
                    .receive(Deliveries.signed(SECRET, Deliveries.refund("evt_f", "refund.failed", "re_f")));
            assertThat(response.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(response.status()).isEqualTo(500);
        });
    }

    @Test
    void filtersCustomizersAndRotationSecretsApplyToEveryEndpoint() {
        runner.withUserConfiguration(RefundHandlers.class, Customizations.class)
                .withPropertyValues("payhooks.endpoints.stripe.secrets[0]=whsec_new_secret",
                        "payhooks.endpoints.stripe.secrets[1]=" + SECRET,
                        "payhooks.endpoints.stripe.secrets[2]=")
                .run(context -> {
                    WebhookReceiver receiver = receiver(context, "stripe");
                    Customizations customizations = context.getBean(Customizations.class);

                    WebhookResponse oldSecret = receiver.receive(Deliveries.signed(SECRET, Deliveries.refund("evt_r1", "refund.failed", "re_r1")));
                    WebhookResponse newSecret = receiver.receive(Deliveries.signed("whsec_new_secret", Deliveries.refund("evt_r2", "refund.failed", "re_r2")));
                    WebhookResponse dropped = receiver.receive(Deliveries.signed(SECRET, Deliveries.refund("evt_skip", "refund.failed", "re_skip")));

                    assertThat(oldSecret.outcome()).isEqualTo(Outcome.HANDLED);
                    assertThat(newSecret.outcome()).isEqualTo(Outcome.HANDLED);
                    assertThat(dropped.outcome()).isEqualTo(Outcome.FILTERED);
                    assertThat(customizations.customized).containsExactly("stripe");
                });
    }

    @Test
    void aNamedSecretResolverBeanGivesAnEndpointItsSecrets() {
        runner.withUserConfiguration(RefundHandlers.class, NamedResolver.class)
                .withPropertyValues("payhooks.endpoints.stripe.secrets[0]=", "payhooks.endpoints.stripe.secret-resolver=stripeSecrets")
                .run(context -> {
                    WebhookResponse response = receiver(context, "stripe")
                            .receive(Deliveries.signed("whsec_from_resolver", Deliveries.refund("evt_n", "refund.failed", "re_n")));
                    assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
                });
    }

    @Test
    void aResponsePolicyBeanAndWebhookListenerBeansApplyToEveryEndpoint() {
        runner.withUserConfiguration(RefundHandlers.class, PolicyAndListener.class)
                .withPropertyValues("payhooks.endpoints.other.provider=stripe", "payhooks.endpoints.other.path=/webhooks/other",
                        "payhooks.endpoints.other.secrets[0]=" + SECRET)
                .run(context -> {
                    WebhookResponse unhandled = receiver(context, "stripe")
                            .receive(Deliveries.signed(SECRET, Deliveries.refund("evt_p1", "charge.refunded", "re_p1")));
                    WebhookResponse other = receiver(context, "other")
                            .receive(Deliveries.signed(SECRET, Deliveries.refund("evt_p2", "charge.refunded", "re_p2")));

                    assertThat(unhandled.outcome()).isEqualTo(Outcome.UNHANDLED);
                    assertThat(unhandled.status()).isEqualTo(202);
                    assertThat(other.status()).isEqualTo(202);
                    assertThat(context.getBean(PolicyAndListener.class).completed).containsExactly("evt_p1", "evt_p2");
                });
    }

    // ---- conditions ----

    @Test
    void withoutADataSourceDeliveriesAreDeduplicatedInMemory() {
        runner.withUserConfiguration(RefundHandlers.class).run(context -> {
            WebhookReceiver receiver = receiver(context, "stripe");
            byte[] body = Deliveries.refund("evt_dup", "refund.failed", "re_dup");
            assertThat(receiver.receive(Deliveries.signed(SECRET, body)).outcome()).isEqualTo(Outcome.HANDLED);
            assertThat(receiver.receive(Deliveries.signed(SECRET, body)).outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(context.getBean(PayhooksEndpoints.class).inbox("stripe")).isEmpty();
        });
    }

    @Test
    void withADataSourceTheJdbcStoreIsUsed() {
        runner.withUserConfiguration(RefundHandlers.class, H2.class)
                .withPropertyValues("payhooks.jdbc.create-schema=true")
                .run(context -> {
                    WebhookReceiver receiver = receiver(context, "stripe");
                    byte[] body = Deliveries.refund("evt_jdbc", "refund.failed", "re_jdbc");
                    assertThat(receiver.receive(Deliveries.signed(SECRET, body)).outcome()).isEqualTo(Outcome.HANDLED);
                    assertThat(receiver.receive(Deliveries.signed(SECRET, body)).outcome()).isEqualTo(Outcome.DUPLICATE);
                    assertThat(rows(context.getBean(DataSource.class), "payhooks_idempotency")).isEqualTo(1);
                });
    }

    @Test
    void storeMemoryOverridesADataSource() {
        runner.withUserConfiguration(RefundHandlers.class, H2.class)
                .withPropertyValues("payhooks.store=memory")
                .run(context -> {
                    WebhookReceiver receiver = receiver(context, "stripe");
                    assertThat(receiver.receive(Deliveries.signed(SECRET, Deliveries.refund("evt_m", "refund.failed", "re_m"))).outcome())
                            .isEqualTo(Outcome.HANDLED);
                    assertThat(tableExists(context.getBean(DataSource.class), "payhooks_idempotency")).isFalse();
                });
    }

    @Test
    void inboxModeWithADataSourceStoresDeliveriesInTheJdbcInbox() {
        runner.withUserConfiguration(RefundHandlers.class, H2.class)
                .withPropertyValues("payhooks.inbox.enabled=true", "payhooks.jdbc.create-schema=true")
                .run(context -> {
                    WebhookReceiver receiver = receiver(context, "stripe");
                    assertThat(context.getBean(PayhooksEndpoints.class).inbox("stripe")).isPresent();
                    WebhookResponse response = receiver.receive(Deliveries.signed(SECRET, Deliveries.refund("evt_in", "refund.failed", "re_in")));
                    assertThat(response.outcome()).isEqualTo(Outcome.QUEUED);
                    assertThat(tableExists(context.getBean(DataSource.class), "payhooks_inbox")).isTrue();
                });
    }

    @Test
    void actuatorPresentGivesTheHealthIndicatorAbsentGivesNone() {
        runner.run(context -> assertThat(context).hasBean("payhooksHealthIndicator"));
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "org.springframework.boot.actuate.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("payhooksHealthIndicator");
                });
        runner.withPropertyValues("management.health.payhooks.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("payhooksHealthIndicator"));
    }

    @Test
    void micrometerPresentInstrumentsAbsentDoesNot() {
        runner.run(context -> assertThat(context).hasBean("payhooksMicrometer"));
        runner.withClassLoader(new FilteredClassLoader("dev.payhooks.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("payhooksMicrometer");
                });
    }

    @Test
    void inAServletApplicationTheFilterServesTheEndpointPathsOnlyAheadOfSpringSecurity() {
        AutoConfigurations security = autoConfigurations(
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration");
        webRunner.withConfiguration(security).run(context -> {
            assertThat(context).hasNotFailed();
            FilterRegistrationBean<?> payhooks = context.getBean("payhooksWebhookFilter", FilterRegistrationBean.class);
            assertThat(payhooks.getUrlPatterns()).containsExactly("/webhooks/stripe");
            assertThat(payhooks.isEnabled()).isTrue();
            assertThat(payhooks.isAsyncSupported()).isTrue();
            org.springframework.core.Ordered securityChain = context.getBean("securityFilterChainRegistration",
                    org.springframework.core.Ordered.class);
            assertThat(payhooks.getOrder()).isLessThan(securityChain.getOrder());
        });
        webRunner.withClassLoader(new FilteredClassLoader("org.springframework.security")).run(context -> {
            assertThat(context).hasNotFailed();
            FilterRegistrationBean<?> payhooks = context.getBean("payhooksWebhookFilter", FilterRegistrationBean.class);
            assertThat(payhooks.getUrlPatterns()).containsExactly("/webhooks/stripe");
        });
    }

    @Test
    void withoutEndpointsTheFilterIsNotRegisteredForAnyPath() {
        new WebApplicationContextRunner().withConfiguration(autoConfigurations(AUTO_CONFIGURATION)).run(context -> {
            assertThat(context).hasNotFailed();
            FilterRegistrationBean<?> payhooks = context.getBean("payhooksWebhookFilter", FilterRegistrationBean.class);
            assertThat(payhooks.isEnabled()).isFalse();
            assertThat(context.getBean(PayhooksEndpoints.class).names()).isEmpty();
        });
    }

    @Test
    void withoutTheServletApiTheReceiversAreBuiltAndNoFilterIsRegistered() {
        runner.withClassLoader(new FilteredClassLoader("jakarta.servlet")).withUserConfiguration(RefundHandlers.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean("payhooksWebhookFilter");
                    assertThat(receiver(context, "stripe").receive(Deliveries.signed(SECRET,
                            Deliveries.refund("evt_ns", "refund.failed", "re_ns"))).outcome()).isEqualTo(Outcome.HANDLED);
                });
    }

    @Test
    void aReadTimeoutOutOfRangeFailsStartup() {
        runner.withPropertyValues("payhooks.endpoints.stripe.read-timeout=11m")
                .run(context -> assertFailure(context, "payhooks.endpoints.stripe.read-timeout=PT11M is out of range"));
        runner.withPropertyValues("payhooks.endpoints.stripe.max-body-size=0B")
                .run(context -> assertFailure(context, "payhooks.endpoints.stripe.max-body-size=0B is out of range"));
    }

    @Test
    void aNonWebApplicationGetsNoFilter() {
        runner.run(context -> assertThat(context).doesNotHaveBean("payhooksWebhookFilter"));
    }

    @Test
    void withoutTheStarterThereIsNothing() {
        new ApplicationContextRunner().run(context -> assertThat(context).doesNotHaveBean(PayhooksEndpoints.class));
    }

    // ---- startup failures ----

    @Test
    void aHandlerForAnUnknownEndpointFailsStartupNamingTheMethod() {
        runner.withUserConfiguration(UnknownEndpointHandler.class).run(context -> assertFailure(context,
                "@WebhookHandler(endpoint = \"strpe\")", "UnknownEndpointHandler.handle(Event)",
                "names an endpoint that is not configured", "configured: [stripe]"));
    }

    @Test
    void aTransactionalHandlerWithoutTheJdbcStoreFailsStartup() {
        runner.withUserConfiguration(TransactionalHandler.class).run(context -> assertFailure(context,
                "TransactionalHandler.handle(Event)", "is transactional", "needs the JDBC store",
                "payhooks.store is memory", "add dev.payhooks:payhooks-jdbc and a DataSource bean"));
        runner.withUserConfiguration(TransactionalHandler.class, H2.class).withPropertyValues("payhooks.store=memory")
                .run(context -> assertFailure(context, "TransactionalHandler.handle(Event)", "needs the JDBC store"));
    }

    @Test
    void aTransactionalHandlerRunsInTheApplicationsTransactionManager() {
        runner.withUserConfiguration(TransactionalHandler.class, H2.class, H2Transactions.class)
                .withPropertyValues("payhooks.jdbc.create-schema=true").run(context -> {
                    assertThat(context).hasNotFailed();
                    WebhookResponse response = receiver(context, "stripe")
                            .receive(Deliveries.signed(SECRET, Deliveries.refund("evt_tx_h2", "refund.failed", "re_tx_h2")));
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(context.getBean(TransactionalHandler.class).handled).containsExactly("evt_tx_h2");
                });
    }

    @Test
    void aTransactionalHandlerWithoutATransactionManagerForTheStoresDataSourceFailsStartup() {
        runner.withUserConfiguration(TransactionalHandler.class, H2.class).withPropertyValues("payhooks.jdbc.create-schema=true")
                .run(context -> assertFailure(context, "TransactionalHandler.handle(Event)",
                        "needs the application's PlatformTransactionManager", "spring-boot-starter-jdbc"));
        runner.withUserConfiguration(TransactionalHandler.class, H2.class, OtherDatabaseTransactions.class)
                .withPropertyValues("payhooks.jdbc.create-schema=true")
                .run(context -> assertFailure(context, "TransactionalHandler.handle(Event)",
                        "does not manage the DataSource the payhooks JDBC store uses"));
    }

    @Test
    void aHandlerWithAParameterTheStarterCannotSupplyFailsStartup() {
        runner.withUserConfiguration(StringParameterHandler.class).run(context -> assertFailure(context,
                "StringParameterHandler.handle(String)", "parameter 0 of type java.lang.String", "cannot supply"));
        runner.withUserConfiguration(TwoDataTypesHandler.class).run(context -> assertFailure(context,
                "TwoDataTypesHandler.handle(RefundView, Payload)", "at most one data type"));
        runner.withUserConfiguration(NoTypesHandler.class).run(context -> assertFailure(context,
                "NoTypesHandler.handle(Event)", "names no event type"));
    }

    @Test
    void anEndpointWithoutSecretsFailsStartupNamingTheProperty() {
        runner.withPropertyValues("payhooks.endpoints.stripe.secrets[0]=", "payhooks.endpoints.stripe.secrets[1]=")
                .run(context -> assertFailure(context, "payhooks.endpoints.stripe has no secrets",
                        "payhooks.endpoints.stripe.secrets[0]"));
    }

    @Test
    void aSecretWithSurroundingWhitespaceFailsStartupWithoutShowingIt() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("spaced",
                        Map.of("payhooks.endpoints.stripe.secrets[0]", " whsec_spaced_secret_value "))))
                .run(context -> {
                    assertFailure(context, "payhooks.endpoints.stripe.secrets");
                    assertThat(allMessages(context.getStartupFailure())).doesNotContain("whsec_spaced_secret_value");
                });
    }

    @Test
    void aMissingOrUnknownProviderFailsStartupListingTheInstalledOnes() {
        runner.withPropertyValues("payhooks.endpoints.stripe.provider=strip").run(context -> assertFailure(context,
                "payhooks.endpoints.stripe.provider=strip names no installed provider", "stripe"));
        new ApplicationContextRunner().withConfiguration(autoConfigurations(AUTO_CONFIGURATION))
                .withPropertyValues("payhooks.endpoints.shop.path=/webhooks/shop", "payhooks.endpoints.shop.secrets[0]=" + SECRET)
                .run(context -> assertFailure(context, "payhooks.endpoints.shop.provider is not set", "stripe"));
    }

    @Test
    void aMissingDuplicateOrWildcardPathFailsStartup() {
        new ApplicationContextRunner().withConfiguration(autoConfigurations(AUTO_CONFIGURATION))
                .withPropertyValues("payhooks.endpoints.shop.provider=stripe", "payhooks.endpoints.shop.secrets[0]=" + SECRET)
                .run(context -> assertFailure(context, "payhooks.endpoints.shop.path is not set"));
        runner.withPropertyValues("payhooks.endpoints.stripe.path=/webhooks/*")
                .run(context -> assertFailure(context, "payhooks.endpoints.stripe.path=/webhooks/* is not an exact URL path"));
        runner.withPropertyValues("payhooks.endpoints.other.provider=stripe", "payhooks.endpoints.other.path=/webhooks/stripe",
                        "payhooks.endpoints.other.secrets[0]=" + SECRET)
                .run(context -> assertFailure(context, "payhooks.endpoints.stripe.path and payhooks.endpoints.other.path are both"));
    }

    @Test
    void aSecretResolverNameWithoutSuchBeanFailsStartup() {
        runner.withPropertyValues("payhooks.endpoints.stripe.secrets[0]=", "payhooks.endpoints.stripe.secret-resolver=nope")
                .run(context -> assertFailure(context, "payhooks.endpoints.stripe.secret-resolver=nope names no SecretResolver bean"));
        runner.withPropertyValues("payhooks.endpoints.stripe.secret-resolver=nope")
                .run(context -> assertFailure(context, "sets more than one of .secrets, .secret-resolver and .tenant.*"));
    }

    @Test
    void aTenantKeyWithoutALookupBeanFailsStartup() {
        runner.withPropertyValues("payhooks.endpoints.stripe.secrets[0]=",
                        "payhooks.endpoints.stripe.tenant.query-parameters=merchantId,gatewayProfileId")
                .run(context -> assertFailure(context, "payhooks.endpoints.stripe.tenant.* is set", "TenantSecretLookup"));
    }

    @Test
    void inboxModeWithoutADurableInboxFailsStartup() {
        runner.withPropertyValues("payhooks.inbox.enabled=true")
                .run(context -> assertFailure(context, "payhooks.inbox.enabled=true needs a durable inbox", "payhooks-jdbc"));
    }

    @Test
    void inboxModeWithTwoEndpointsOnOneTableFailsStartup() {
        runner.withUserConfiguration(H2.class)
                .withPropertyValues("payhooks.inbox.enabled=true", "payhooks.jdbc.create-schema=true",
                        "payhooks.endpoints.other.provider=stripe", "payhooks.endpoints.other.path=/webhooks/other",
                        "payhooks.endpoints.other.secrets[0]=" + SECRET)
                .run(context -> assertFailure(context, "would share the inbox table payhooks_inbox",
                        "payhooks.endpoints.other.inbox-table"));
    }

    @Test
    void storeJdbcWithoutADataSourceAndStoreRedisWithoutItsModuleFailStartup() {
        runner.withPropertyValues("payhooks.store=jdbc")
                .run(context -> assertFailure(context, "payhooks.store=jdbc needs exactly one DataSource bean"));
        runner.withPropertyValues("payhooks.store=redis").withClassLoader(new FilteredClassLoader("dev.payhooks.redis"))
                .run(context -> assertFailure(context, "payhooks.store=redis needs dev.payhooks:payhooks-redis"));
    }

    // ---- helpers and beans ----

    static <C extends ApplicationContext> WebhookReceiver receiver(ApplicationContextAssertProvider<C> context, String endpoint) {
        assertThat(context).hasNotFailed();
        return context.getBean(PayhooksEndpoints.class).receiver(endpoint).orElseThrow();
    }

    static void assertFailure(AssertableApplicationContext context, String... fragments) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        Throwable cause = failure;
        while (cause != null && !(cause instanceof PayhooksConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a PayhooksConfigurationException in %s", failure).isNotNull();
        for (String fragment : fragments) {
            assertThat(cause.getMessage()).contains(fragment);
        }
        assertThat(allMessages(failure)).doesNotContain(SECRET);
    }

    static String allMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        return messages.toString();
    }

    static boolean tableExists(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, table.toUpperCase(Locale.ROOT), null)) {
            return tables.next();
        }
    }

    static long rows(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RefundHandlers {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @WebhookHandler(endpoint = "stripe", types = "refund.failed")
        void failed(RefundView refund, Event event) {
            calls.add("failed " + refund.id() + " " + event.id());
        }

        @WebhookHandler(endpoint = "stripe", types = {"refund.failed", "refund.updated"})
        public void any(Event event) {
            calls.add("any " + event.id());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingHandler {
        @WebhookHandler(endpoint = "stripe", types = "refund.*")
        void fail(Event event) {
            throw new IllegalStateException("the ledger is locked");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizations {
        final List<String> customized = new CopyOnWriteArrayList<>();

        @Bean
        WebhookEventFilter skipSome() {
            return (endpoint, event) -> !event.id().equals("evt_skip");
        }

        @Bean
        WebhookReceiverCustomizer recordCustomized() {
            return (endpoint, builder) -> customized.add(endpoint);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PolicyAndListener {
        final List<String> completed = new CopyOnWriteArrayList<>();

        @Bean
        ResponsePolicy acceptedForUnhandled() {
            return ResponsePolicy.builder().status(Outcome.UNHANDLED, 202).build();
        }

        @Bean
        WebhookListener recordCompleted() {
            return new WebhookListener() {
                @Override
                public void onCompleted(WebhookResponse response, java.time.Duration elapsed) {
                    response.event().ifPresent(event -> completed.add(event.id()));
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedResolver {
        @Bean
        SecretResolver stripeSecrets() {
            return SecretResolver.of("whsec_from_resolver");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class H2 {
        @Bean
        DataSource dataSource() {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return dataSource;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TransactionalHandler {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @WebhookHandler(endpoint = "stripe", types = "refund.failed", transactional = true)
        void handle(Event event) {
            handled.add(event.id());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class H2Transactions {
        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }

    /** A transaction manager for a database other than the store's. */
    @Configuration(proxyBeanMethods = false)
    static class OtherDatabaseTransactions {
        @Bean
        PlatformTransactionManager transactionManager() {
            JdbcDataSource other = new JdbcDataSource();
            other.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return new DataSourceTransactionManager(other);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownEndpointHandler {
        @WebhookHandler(endpoint = "strpe", types = "refund.failed")
        void handle(Event event) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StringParameterHandler {
        @WebhookHandler(endpoint = "stripe", types = "refund.failed")
        void handle(String body) {
        }
    }

    record Payload(String id) {
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataTypesHandler {
        @WebhookHandler(endpoint = "stripe", types = "refund.failed")
        void handle(RefundView refund, Payload payload) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NoTypesHandler {
        @WebhookHandler(endpoint = "stripe", types = {})
        void handle(Event event) {
        }
    }

}
