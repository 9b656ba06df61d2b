package dev.payhooks.servlet;

/** The test kit's adapter contract and the servlet-only cases, {@link WebhookServlet}s on embedded Tomcat 10.1. */
class TomcatServletTest extends ContainerContractTest {
    TomcatServletTest() {
        super(TomcatContainer::new, true);
    }
}
