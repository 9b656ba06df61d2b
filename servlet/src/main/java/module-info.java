/**
 * payhooks for Jakarta Servlet 6 containers (Tomcat 10.1+, Jetty 12 ee10/ee11, Spring Boot 3+):
 * a filter and a servlet that read the raw body as bytes, within a size limit, and answer with the
 * receiver's response policy.
 *
 * <p>{@code dev.payhooks.servlet.internal} is not exported.
 *
 * @since 0.1.0
 */
module dev.payhooks.servlet {
    requires transitive dev.payhooks;
    requires transitive jakarta.servlet;
    requires org.slf4j;

    exports dev.payhooks.servlet;
}
