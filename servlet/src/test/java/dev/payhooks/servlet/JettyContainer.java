package dev.payhooks.servlet;

import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.EnumSet;
import java.util.List;

/** Embedded Jetty 12, ee10 (Servlet 6.0). */
final class JettyContainer implements ServletContainer {

    private Server server;
    private ServerConnector connector;

    @Override
    public void start(List<Mount> mounts) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        for (Mount mount : mounts) {
            if (mount.filter() != null) {
                FilterHolder holder = new FilterHolder(mount.filter());
                holder.setAsyncSupported(mount.async());
                context.addFilter(holder, mount.pattern(), EnumSet.of(DispatcherType.REQUEST));
            } else {
                ServletHolder holder = new ServletHolder(mount.servlet());
                holder.setAsyncSupported(mount.async());
                context.addServlet(holder, mount.pattern());
            }
        }
        server.setHandler(context);
        server.start();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String name() {
        return "Jetty " + Server.getVersion();
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
