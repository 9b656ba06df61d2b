/**
 * payhooks for Jakarta REST 3.1+ runtimes (Jersey, RESTEasy, Quarkus REST; Jakarta EE 10 and 11):
 * a pre-matching request filter that reads the raw body as bytes, within a size limit, before any
 * message body reader, and answers with the receiver's response policy.
 *
 * <p>{@code dev.payhooks.jaxrs.internal} is not exported.
 *
 * @since 0.1.0
 */
module dev.payhooks.jaxrs {
    requires transitive dev.payhooks;
    requires transitive jakarta.ws.rs;

    exports dev.payhooks.jaxrs;
}
