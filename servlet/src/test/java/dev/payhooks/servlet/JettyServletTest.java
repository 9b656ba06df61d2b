package dev.payhooks.servlet;

/** The test kit's adapter contract and the servlet-only cases, {@link WebhookServlet}s on embedded Jetty 12 (ee10). */
class JettyServletTest extends ContainerContractTest {
    JettyServletTest() {
        super(JettyContainer::new, true);
    }
}
