package dev.payhooks.examples.quarkus;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.jaxrs.WebhookRequestFilter;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestFilter;

/**
 * payhooks' Jakarta REST filter in a Quarkus REST application. Quarkus REST finds providers by
 * their {@code @Provider} annotation at build time and creates them through CDI, so the
 * application declares this provider, which delegates to a {@link WebhookRequestFilter}.
 *
 * <p>Quarkus REST runs pre-matching filters on the Vert.x event loop, where reading the entity
 * stream is refused ({@code BlockingNotAllowedException}, so every delivery would be answered
 * 400 as a broken body). For the webhook path only, this provider suspends the request, reads and
 * verifies it on a worker thread, and resumes it: with the receiver's answer, or, for another
 * path, untouched. Every other request stays on the event loop.
 */
@Provider
@PreMatching
public class StripeWebhookFilter implements ResteasyReactiveContainerRequestFilter {

    /** The webhook path, relative to the application. */
    static final String PATH = "/webhooks/stripe";

    private final WebhookRequestFilter webhooks;

    /**
     * Created by CDI.
     *
     * @param stripe the receiver
     */
    public StripeWebhookFilter(WebhookReceiver stripe) {
        this.webhooks = WebhookRequestFilter.of(stripe, PATH);
    }

    @Override
    public void filter(ResteasyReactiveContainerRequestContext request) {
        if (!request.getUriInfo().getPath().equals(PATH)) {
            return;
        }
        request.suspend();
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                webhooks.filter(request);
                request.resume();
            } catch (RuntimeException | Error e) {
                request.resume(e);
            }
        });
    }
}
