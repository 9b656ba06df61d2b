package dev.payhooks.servlet;

/** The container suite on embedded Jetty 12 (ee10). */
class JettyContainerTest extends ContainerContractTest {
    @Override
    ServletContainer newContainer() {
        return new JettyContainer();
    }
}
