/**
 * payhooks testkit, for tests only: the contracts every {@link dev.payhooks.spi.IdempotencyStore}
 * and {@link dev.payhooks.spi.Inbox} must pass, the multi-process claim race for a shared store, a
 * clock tests move by hand, log capture, a test signature scheme, the request-template harness of
 * the fuzz targets, and the contract every HTTP adapter (servlet, Jakarta REST, WebFlux) passes
 * over real HTTP.
 *
 * <p>Declare {@code dev.payhooks:payhooks-testkit} in test scope. It brings JUnit Jupiter's API
 * and AssertJ (the contracts are JUnit test classes that assert with AssertJ); {@code LogCapture}
 * also needs Logback as the SLF4J backend of the tests.
 *
 * @since 0.1.0
 */
module dev.payhooks.testkit {
    requires transitive dev.payhooks;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires org.slf4j;
    // HttpAdapterContract: parameterized cases, sent with the JDK's HTTP client.
    requires org.junit.jupiter.params;
    requires transitive java.net.http;
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;

    exports dev.payhooks.testkit;
    exports dev.payhooks.testkit.contract;
    exports dev.payhooks.testkit.fuzz;

    // JUnit runs the contracts' inherited @Test methods reflectively.
    opens dev.payhooks.testkit.contract to org.junit.platform.commons;
}
