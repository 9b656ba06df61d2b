/**
 * The payhooks Spring Boot starter: webhook endpoints from {@code payhooks.*} application
 * properties, {@link dev.payhooks.spring.boot.WebhookHandler @WebhookHandler} methods on beans, the
 * servlet filter registered for the endpoint paths ahead of Spring Security, the JDBC or Redis
 * store and the inbox workers, a health indicator and Micrometer instrumentation when those are on
 * the class path.
 *
 * <p>Spring's jars are automatic modules (named by their manifests: {@code spring.boot},
 * {@code spring.context}, ...); they split no package, so this module can name them. The optional
 * integrations are {@code requires static}: the application brings them or not.
 *
 * <p>{@code dev.payhooks.spring.boot.internal} is exported only to Spring's modules, which create
 * its beans reflectively.
 *
 * @since 0.1.0
 */
module dev.payhooks.spring.boot {
    requires transitive dev.payhooks;
    requires transitive dev.payhooks.servlet;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.context;
    requires transitive spring.beans;
    requires transitive spring.core;
    requires spring.aop;
    requires org.slf4j;
    requires static java.sql;
    requires static dev.payhooks.jdbc;
    requires static dev.payhooks.redis;
    requires static spring.tx;
    requires static spring.jdbc;
    requires static dev.payhooks.spring.webflux;
    requires static spring.web;
    requires static reactor.core;
    requires static lettuce.core;
    requires static dev.payhooks.micrometer;
    requires static micrometer.core;
    requires static micrometer.observation;
    requires static spring.boot.health;
    requires static spring.boot.actuator;

    exports dev.payhooks.spring.boot;
    exports dev.payhooks.spring.boot.internal to spring.beans, spring.context, spring.core;
    opens dev.payhooks.spring.boot to spring.core, spring.beans, spring.context;
    opens dev.payhooks.spring.boot.internal to spring.core, spring.beans, spring.context;
}
