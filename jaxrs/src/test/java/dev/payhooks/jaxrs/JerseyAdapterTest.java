package dev.payhooks.jaxrs;

import dev.payhooks.Event;
import dev.payhooks.testkit.contract.HttpAdapterContract;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** The shared adapter suite on Jersey, on its Grizzly HTTP server. */
class JerseyAdapterTest extends JaxrsAdapterContract {

    /** Jersey injects the request context into a resource method. */
    @Path("/pass")
    public static final class PassThrough extends TestApplication.PassThrough {
        PassThrough(HttpAdapterContract.Controller controller) {
            super(controller);
        }

        /** Takes the verified event as its entity parameter (portable; annotations are not inherited). */
        @POST
        @Path("event")
        public Response event(Event event) {
            return entity(event);
        }

        @POST
        public Response bytes(byte[] body, @Context ContainerRequestContext request) {
            return answer(body, request::getProperty);
        }
    }

    @Override
    protected Stack start(List<HttpAdapterContract.Mount> mounts, HttpAdapterContract.Controller controller) throws Exception {
        ResourceConfig config = ResourceConfig.forApplication(new TestApplication(mounts, controller, new PassThrough(controller)));
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config, false);
        NetworkListener listener = server.getListeners().iterator().next();
        // Blocking reads hold a worker each (see the README): size the pool above the deliveries in flight.
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setCorePoolSize(64).setMaxPoolSize(64).setPoolName("grizzly-test-workers"));
        server.start();
        String version = org.glassfish.jersey.internal.Version.getVersion();
        return new Stack() {
            @Override
            public int port() {
                return listener.getPort();
            }

            @Override
            public String name() {
                return "Jersey " + version + " on Grizzly, " + TestApplication.restApi();
            }

            @Override
            public void stop() {
                server.shutdownNow();
            }
        };
    }
}
