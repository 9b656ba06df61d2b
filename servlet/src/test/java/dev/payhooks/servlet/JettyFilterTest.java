package dev.payhooks.servlet;

/** The test kit's adapter contract and the servlet-only cases, {@link WebhookFilter}s on embedded Jetty 12 (ee10). */
class JettyFilterTest extends ContainerContractTest {
    JettyFilterTest() {
        super(JettyContainer::new, false);
    }
}
