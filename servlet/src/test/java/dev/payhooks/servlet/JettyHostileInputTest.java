package dev.payhooks.servlet;

/** Hostile request content on embedded Jetty 12 (ee10). */
class JettyHostileInputTest extends HostileInputContractTest {
    @Override
    ServletContainer newContainer() {
        return new JettyContainer();
    }
}
