package dev.payhooks.servlet;

/** The test kit's adapter contract and the servlet-only cases, {@link WebhookFilter}s on embedded Tomcat 10.1. */
class TomcatFilterTest extends ContainerContractTest {
    TomcatFilterTest() {
        super(TomcatContainer::new, false);
    }
}
