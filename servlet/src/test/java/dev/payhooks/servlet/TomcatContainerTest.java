package dev.payhooks.servlet;

/** The container suite on embedded Tomcat 10.1. */
class TomcatContainerTest extends ContainerContractTest {
    @Override
    ServletContainer newContainer() {
        return new TomcatContainer();
    }
}
