package dev.payhooks.servlet;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Embedded Tomcat 10.1 (Servlet 6.0). */
final class TomcatContainer implements ServletContainer {

    /** Tomcat logs through java.util.logging; kept referenced so the level set here sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private Tomcat tomcat;
    private Connector connector;
    private Path baseDir;

    @Override
    public void start(List<Mount> mounts) throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        baseDir = Files.createTempDirectory("payhooks-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        int n = 0;
        for (Mount mount : mounts) {
            String name = "mount-" + n++;
            if (mount.filter() != null) {
                FilterDef definition = new FilterDef();
                definition.setFilterName(name);
                definition.setFilter(mount.filter());
                definition.setAsyncSupported(Boolean.toString(mount.async()));
                context.addFilterDef(definition);
                FilterMap mapping = new FilterMap();
                mapping.setFilterName(name);
                mapping.addURLPattern(mount.pattern());
                context.addFilterMap(mapping);
            } else {
                Tomcat.addServlet(context, name, mount.servlet()).setAsyncSupported(mount.async());
                context.addServletMappingDecoded(mount.pattern(), name);
            }
        }
        tomcat.start();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String name() {
        return ServerInfo.getServerInfo();
    }

    @Override
    public void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (baseDir != null) {
            try (Stream<Path> files = Files.walk(baseDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
