/**
 * payhooks for Spring WebFlux (Spring Framework 6.2+, Spring Boot 3+): a {@code WebFilter} that
 * aggregates the raw body without blocking, within a size limit and a read deadline, and runs
 * verification and handlers on a bounded scheduler, never on the server's event loop.
 *
 * <p>Spring's and Reactor's jars are automatic modules (named by their manifests: {@code spring.web},
 * {@code spring.core}, {@code reactor.core}); they split no package, so this module can name them.
 *
 * @since 0.1.0
 */
module dev.payhooks.spring.webflux {
    requires transitive dev.payhooks;
    requires transitive spring.web;
    requires transitive spring.core;
    requires transitive reactor.core;
    requires org.reactivestreams;

    exports dev.payhooks.spring.webflux;
}
