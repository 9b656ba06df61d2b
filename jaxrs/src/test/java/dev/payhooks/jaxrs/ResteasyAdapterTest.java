package dev.payhooks.jaxrs;

import dev.payhooks.Event;
import dev.payhooks.testkit.contract.HttpAdapterContract;
import io.undertow.Undertow;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.spi.HttpRequest;

import java.net.InetSocketAddress;
import java.util.List;

/** The shared adapter suite on RESTEasy, on Undertow. */
class ResteasyAdapterTest extends JaxrsAdapterContract {

    /** RESTEasy keeps request properties as attributes of its own request object. */
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
        public Response bytes(byte[] body, @Context HttpRequest request) {
            return answer(body, request::getAttribute);
        }
    }

    @Override
    protected Stack start(List<HttpAdapterContract.Mount> mounts, HttpAdapterContract.Controller controller) throws Exception {
        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(new TestApplication(mounts, controller, new PassThrough(controller)));
        Server server = new Server();
        server.deploy(server.undertowDeployment(deployment).setContextPath("/").setDeploymentName("payhooks-test")
                .setClassLoader(ResteasyAdapterTest.class.getClassLoader()));
        server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
        int port = ((InetSocketAddress) server.undertow().getListenerInfo().get(0).getAddress()).getPort();
        String version = ResteasyDeploymentImpl.class.getPackage().getImplementationVersion();
        return new Stack() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public String name() {
                return "RESTEasy " + version + " on Undertow, " + TestApplication.restApi();
            }

            @Override
            public void stop() {
                server.stop();
            }
        };
    }

    /** Exposes the started Undertow, for its ephemeral port. */
    private static final class Server extends UndertowJaxrsServer {
        Undertow undertow() {
            return server;
        }
    }
}
