package dev.payhooks.jaxrs;

import dev.payhooks.Event;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.jaxrs.internal.VerifiedBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * A Jakarta REST pre-matching request filter that receives webhooks on the paths of its
 * {@link WebhookEndpoint}s: it reads the raw entity bytes within a size limit before any resource
 * is matched and before any {@code MessageBodyReader} touches them, hands them to the receiver and
 * aborts the request with the receiver's answer. Requests to other paths pass untouched.
 *
 * <pre>{@code
 * // Jersey: in your ResourceConfig (RESTEasy: return it from Application#getSingletons)
 * register(WebhookRequestFilter.of(receiver, "/webhooks/stripe"));
 * }</pre>
 *
 * <p>Register <b>one</b> filter per application and give it every endpoint
 * ({@link #of(WebhookEndpoint...)}): Jersey and RESTEasy keep one provider instance per class and
 * ignore a second instance of the same class.
 *
 * <p>What it answers without asking the receiver, through the receiver's
 * {@link dev.payhooks.ResponsePolicy}: 405 (with {@code Allow: POST}) for any method but POST; 415
 * for a content type that is not accepted (default: {@code application/json} and
 * {@code application/*+json}, any parameters); 413 when {@code Content-Length} is over the limit,
 * before reading a byte, or when a body sent without a length passes it, after reading at most
 * limit + 1 bytes; 400 for a body cut short, 408 for a body still arriving at the read deadline.
 * Every answer carries {@code Cache-Control: no-store}.
 *
 * <p><b>Blocking reads.</b> Jakarta REST has no portable non-blocking read of the entity: the
 * body is read on the runtime's request thread, and a sender that trickles its body holds that
 * thread. The read deadline ({@link WebhookEndpoint.Builder#readTimeout}) is checked each time bytes arrive, so a
 * trickling sender is cut off at the deadline; a sender that stops sending altogether is ended by
 * the server's own idle or read timeout, which you should keep short (see the module README).
 * Memory stays bounded either way: the body grows with the bytes that arrived, within the
 * receiver's {@link dev.payhooks.MemoryBudget}.
 *
 * <p>The receiver sees the headers, the query parameters (parsed from the raw query string, so a
 * form body is never consumed) and the path relative to the application (as used by
 * {@link dev.payhooks.TenantKey#pathSegment(int)}).
 *
 * <p>In {@linkplain WebhookEndpoint.Builder#passThrough() pass-through mode}, a verified, fresh event is not
 * answered here: the request goes on to its resource method with an entity that replays the same
 * bytes and the event in the request property {@value #EVENT_PROPERTY}. A resource method can
 * also declare the {@link Event} itself as its entity parameter: this filter is also the
 * {@link ReaderInterceptor} (and, for runtimes that choose a reader first, the
 * {@link MessageBodyReader}) that supplies it.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
@PreMatching
public final class WebhookRequestFilter implements ContainerRequestFilter, ReaderInterceptor, MessageBodyReader<Event> {

    /**
     * In pass-through mode, the request property holding the verified {@link Event}:
     * {@code (Event) requestContext.getProperty(WebhookRequestFilter.EVENT_PROPERTY)}. In a
     * servlet-based runtime it is also the servlet request attribute of that name.
     */
    public static final String EVENT_PROPERTY = "dev.payhooks.jaxrs.event";

    /**
     * In pass-through mode, the request property holding the receiver's {@link WebhookResponse}
     * (its {@link WebhookResponse#outcome() outcome} says whether receiver handlers ran).
     */
    public static final String RESPONSE_PROPERTY = "dev.payhooks.jaxrs.response";

    private final List<WebhookEndpoint> endpoints;

    private WebhookRequestFilter(List<WebhookEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * A filter for one receiver on the given paths, with the default options: the receiver's
     * body limit, JSON content types, a 10 s read deadline, answering every request itself.
     *
     * @param receiver the configured receiver
     * @param paths each {@code /a/b} (that path only) or {@code /a/b/*} (that path and everything
     *              below it), relative to the application
     * @return the filter
     * @throws IllegalArgumentException for no path or a malformed one
     */
    public static WebhookRequestFilter of(WebhookReceiver receiver, String... paths) {
        return of(WebhookEndpoint.builder(receiver).paths(paths).build());
    }

    /**
     * A filter for several endpoints; a request goes to the first whose paths match it.
     *
     * @param endpoints one or more endpoints
     * @return the filter
     * @throws IllegalArgumentException for no endpoint
     */
    public static WebhookRequestFilter of(WebhookEndpoint... endpoints) {
        List<WebhookEndpoint> list = List.of(endpoints);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("give at least one WebhookEndpoint");
        }
        return new WebhookRequestFilter(list);
    }

    /**
     * Receives a delivery on one of the endpoints' paths, or passes a verified one on in
     * pass-through mode; leaves every other request alone.
     *
     * @param context the request
     */
    @Override
    public void filter(ContainerRequestContext context) {
        String path = context.getUriInfo().getPath();
        for (WebhookEndpoint endpoint : endpoints) {
            if (endpoint.matches(path)) {
                endpoint.handle(context);
                return;
            }
        }
    }

    /**
     * Supplies the verified {@link Event} to a resource method that declares it as its entity
     * parameter (pass-through mode); every other entity is read as usual.
     *
     * @param context the entity being read
     * @return the event, or what the rest of the chain reads
     * @throws IOException from the rest of the chain
     */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Objects.requireNonNull(context, "context");
        if (context.getType() == Event.class && context.getProperty(EVENT_PROPERTY) instanceof Event event) {
            return event;
        }
        return context.proceed();
    }

    /**
     * Whether the entity parameter is an {@link Event}: only that type is read here.
     *
     * @param type the parameter's class
     * @param genericType the parameter's type
     * @param annotations the parameter's annotations
     * @param mediaType the request's media type
     * @return {@code true} for {@link Event}
     */
    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Event.class;
    }

    /**
     * Returns the verified {@link Event} of a pass-through request (for runtimes that call the
     * reader without the interceptor above answering first); refuses any other entity: an
     * {@link Event} cannot be read from an unverified body.
     *
     * @param type the parameter's class
     * @param genericType the parameter's type
     * @param annotations the parameter's annotations
     * @param mediaType the request's media type
     * @param headers the request's headers
     * @param entity the entity bytes
     * @return the verified event
     * @throws NotSupportedException (415) when the request was not verified by a pass-through endpoint
     */
    @Override
    public Event readFrom(Class<Event> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                          MultivaluedMap<String, String> headers, InputStream entity) {
        if (entity instanceof VerifiedBody verified) {
            return verified.event();
        }
        throw new NotSupportedException("an Event entity parameter is available only on a pass-through webhook"
                + " endpoint (WebhookEndpoint.Builder.passThrough()), after its signature verified");
    }

    @Override
    public String toString() {
        return "WebhookRequestFilter" + endpoints;
    }
}
