package dev.payhooks.servlet;

/** Hostile senders on embedded Tomcat 10.1. */
class TomcatHostileSenderTest extends HostileSenderContractTest {
    @Override
    ServletContainer newContainer() {
        return new TomcatContainer();
    }
}
