package dev.payhooks.jaxrs;

import dev.payhooks.Event;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.contract.HttpAdapterContract;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The application behind the filter in the shared suite: one {@link WebhookRequestFilter} for every
 * mount, the pass-through resources and a catch-all. The same instances run on Jersey and RESTEasy.
 */
final class TestApplication extends Application {

    private final Set<Object> singletons;

    /** How the runtime lets a resource method read a request property (Jakarta REST has no portable way). */
    interface Properties {
        Object get(String name);
    }

    TestApplication(List<HttpAdapterContract.Mount> mounts, HttpAdapterContract.Controller controller, Object passThrough) {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        for (HttpAdapterContract.Mount mount : mounts) {
            endpoints.add(endpoint(mount));
        }
        // A short read deadline, for the trickling sender of JaxrsAdapterContract.
        endpoints.add(WebhookEndpoint.builder(mounts.get(0).receiver()).paths("/deadline")
                .readTimeout(JaxrsAdapterContract.DEADLINE).build());
        this.singletons = Set.of(WebhookRequestFilter.of(endpoints.toArray(WebhookEndpoint[]::new)),
                passThrough, new CatchAll(controller));
    }

    /** The Jakarta REST API on the class path, by its jar's name (the suite runs on 3.1 and on 4.0). */
    static String restApi() {
        String jar = Application.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return jar.substring(jar.lastIndexOf('/') + 1);
    }

    static WebhookEndpoint endpoint(HttpAdapterContract.Mount mount) {
        WebhookEndpoint.Builder builder = WebhookEndpoint.builder(mount.receiver()).paths(mount.path());
        mount.configure(builder);
        if (mount.passThrough()) {
            builder.passThrough();
        }
        return builder.build();
    }

    /** Deprecated since Jakarta REST 3.1 in favour of CDI, but every runtime still reads it. */
    @Override
    @SuppressWarnings("deprecation")
    public Set<Object> getSingletons() {
        return singletons;
    }

    /**
     * The application's own resource behind a pass-through endpoint: reads the replayed bytes,
     * the event and the receiver's answer from the request properties (through the runtime's own
     * request object), or takes the verified event as its entity parameter (portable).
     */
    abstract static class PassThrough {
        private final HttpAdapterContract.Controller controller;

        PassThrough(HttpAdapterContract.Controller controller) {
            this.controller = controller;
        }

        Response answer(byte[] body, Properties properties) {
            Event event = (Event) properties.get(WebhookRequestFilter.EVENT_PROPERTY);
            WebhookResponse answer = (WebhookResponse) properties.get(WebhookRequestFilter.RESPONSE_PROPERTY);
            return Response.status(202).header("X-Outcome", answer.outcome().name())
                    .entity(controller.passedThrough(event, body, answer)).type("text/plain").build();
        }

        /** The answer of a resource method that took the verified event as its entity parameter. */
        static Response entity(Event event) {
            return Response.status(202).entity(event.id() + " " + event.type()).type("text/plain").build();
        }
    }

    /** Whatever no endpoint answered. */
    @Path("{any: .*}")
    public static final class CatchAll {
        private final HttpAdapterContract.Controller controller;

        CatchAll(HttpAdapterContract.Controller controller) {
            this.controller = controller;
        }

        @GET
        public Response get() {
            return notFound();
        }

        @POST
        public Response post() {
            return notFound();
        }

        @PUT
        public Response put() {
            return notFound();
        }

        @DELETE
        public Response delete() {
            return notFound();
        }

        private Response notFound() {
            controller.fellThrough();
            return Response.status(404).entity("no webhook endpoint here").type("text/plain").build();
        }
    }
}
