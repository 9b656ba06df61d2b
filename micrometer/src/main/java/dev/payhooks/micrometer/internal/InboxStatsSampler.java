package dev.payhooks.micrometer.internal;

import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What the inbox gauges read: one {@link Inbox#stats()} call serves every gauge read within the
 * refresh interval (a scrape reads four gauges; a registry may be scraped by several backends), and
 * a failing inbox is asked again only after the interval too. Gauges read {@code NaN} while the
 * inbox cannot be reached. Thread-safe.
 */
public final class InboxStatsSampler {

    private static final Logger log = LoggerFactory.getLogger(InboxStatsSampler.class);

    private final Inbox inbox;
    private final String name;
    private final Clock clock;
    private final Duration refresh;
    private Instant sampledAt;
    private Optional<InboxStats> last = Optional.empty();
    private boolean failing;

    /**
     * @param inbox the inbox to ask
     * @param name the inbox's name, for log lines
     * @param clock the clock for ages and the refresh interval
     * @param refresh how long one answer serves; zero asks on every read
     */
    public InboxStatsSampler(Inbox inbox, String name, Clock clock, Duration refresh) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
    }

    /**
     * A gauge function reading one count.
     *
     * @param count which count
     * @return the function; {@code NaN} when the inbox cannot tell
     */
    public static ToDoubleFunction<InboxStatsSampler> count(ToDoubleFunction<InboxStats> count) {
        return sampler -> sampler.sample().map(count::applyAsDouble).orElse(Double.NaN);
    }

    /**
     * Seconds since the oldest pending row was stored; 0 when nothing is pending.
     *
     * @return the age, or {@code NaN} when the inbox cannot tell
     */
    public double oldestPendingAgeSeconds() {
        Optional<InboxStats> stats = sample();
        if (stats.isEmpty()) {
            return Double.NaN;
        }
        return stats.get().oldestPendingReceivedAt()
                .map(received -> Math.max(0, Duration.between(received, clock.instant()).toNanos() / 1e9))
                .orElse(0.0);
    }

    /**
     * The latest statistics, asking the inbox when the last answer is older than the interval.
     *
     * @return the statistics, or empty when the inbox does not report them or cannot be reached
     */
    public synchronized Optional<InboxStats> sample() {
        Instant now = clock.instant();
        if (sampledAt != null && Duration.between(sampledAt, now).compareTo(refresh) < 0) {
            return last;
        }
        sampledAt = now;
        try {
            last = inbox.stats();
            if (failing) {
                log.info("payhooks inbox {}: statistics readable again", name);
                failing = false;
            }
        } catch (RuntimeException e) {
            last = Optional.empty();
            if (!failing) {
                log.warn("payhooks inbox {}: cannot read statistics ({}); the gauges read NaN until it can",
                        name, e.getClass().getName(), e);
                failing = true;
            }
        }
        return last;
    }
}
