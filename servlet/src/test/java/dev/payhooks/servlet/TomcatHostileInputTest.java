package dev.payhooks.servlet;

/** Hostile request content on embedded Tomcat 10.1. */
class TomcatHostileInputTest extends HostileInputContractTest {
    @Override
    ServletContainer newContainer() {
        return new TomcatContainer();
    }
}
