package dev.payhooks.servlet;

/** Hostile senders on embedded Jetty 12 (ee10). */
class JettyHostileSenderTest extends HostileSenderContractTest {
    @Override
    ServletContainer newContainer() {
        return new JettyContainer();
    }
}
