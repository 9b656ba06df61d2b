package dev.payhooks.spring.boot.internal;

import dev.payhooks.spi.Inbox;
import dev.payhooks.spring.boot.PayhooksProperties;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code payhooks} health check, independent of the Actuator generation that reports it: the
 * store is reachable (DOWN otherwise), each inbox's pending, running and dead counts and oldest
 * pending age, DOWN past {@code payhooks.health.max-pending-age} and OUT_OF_SERVICE past
 * {@code payhooks.health.max-dead}. Details never carry a secret, a body or an exception message.
 */
public final class PayhooksHealth {

    /**
     * A health status and its details.
     *
     * @param status {@code UP}, {@code DOWN} or {@code OUT_OF_SERVICE}
     * @param details what the status is based on
     */
    public record Result(String status, Map<String, Object> details) {
    }

    private final EndpointRegistry registry;
    private final PayhooksProperties.Health properties;
    private final Clock clock;

    /**
     * Creates the check.
     *
     * @param registry the endpoints
     * @param properties the thresholds
     * @param clock the clock pending ages are measured with
     */
    public PayhooksHealth(EndpointRegistry registry, PayhooksProperties.Health properties, Clock clock) {
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Checks the store and the inboxes now.
     *
     * @return the result
     */
    public Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        Optional<StoreSetup> setup = registry.storeSetup();
        if (setup.isEmpty()) {
            details.put("endpoints", registry.names());
            return new Result(registry.isReady() ? "UP" : "DOWN", details);
        }
        StoreSetup store = setup.get();
        details.put("store", store.kind());
        try {
            store.probe().run();
        } catch (RuntimeException e) {
            details.put("error", "store unreachable (" + e.getClass().getName() + ")");
            return new Result("DOWN", details);
        }
        String status = "UP";
        for (String name : registry.names()) {
            Optional<Inbox> inbox = registry.inbox(name);
            if (inbox.isEmpty()) {
                continue;
            }
            Map<String, Object> inboxDetails = new LinkedHashMap<>();
            Optional<InboxFigures> figures;
            try {
                figures = store.inboxStats().apply(inbox.get());
            } catch (RuntimeException e) {
                inboxDetails.put("error", "inbox unreachable (" + e.getClass().getName() + ")");
                details.put("inbox." + name, inboxDetails);
                return new Result("DOWN", details);
            }
            if (figures.isEmpty()) {
                continue;
            }
            InboxFigures f = figures.get();
            inboxDetails.put("pending", f.pending());
            inboxDetails.put("running", f.running());
            inboxDetails.put("dead", f.dead());
            if (f.oldestPendingReceivedAt().isPresent()) {
                Duration age = Duration.between(f.oldestPendingReceivedAt().get(), clock.instant());
                if (age.isNegative()) {
                    age = Duration.ZERO;
                }
                inboxDetails.put("oldestPendingAgeSeconds", age.toSeconds());
                if (age.compareTo(properties.getMaxPendingAge()) > 0) {
                    status = "DOWN";
                }
            }
            if (properties.getMaxDead() >= 0 && f.dead() > properties.getMaxDead() && !status.equals("DOWN")) {
                status = "OUT_OF_SERVICE";
            }
            details.put("inbox." + name, inboxDetails);
        }
        return new Result(status, details);
    }
}
