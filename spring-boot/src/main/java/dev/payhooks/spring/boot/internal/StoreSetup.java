package dev.payhooks.spring.boot.internal;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;

import java.util.Optional;
import java.util.function.Function;

/**
 * The store the endpoints share and how each endpoint gets its inbox, whatever module provides
 * them; keeps the optional modules' classes out of the registry.
 *
 * @param kind "memory", "jdbc" or "redis", for messages and health details
 * @param store the shared idempotency store
 * @param inboxes endpoint name and inbox table to the endpoint's inbox (inbox mode)
 * @param probe throws when the store cannot be reached now
 * @param inboxStats the backlog of an inbox, when it can tell
 */
record StoreSetup(String kind, IdempotencyStore store, Function<String[], Inbox> inboxes, Runnable probe,
        Function<Inbox, Optional<InboxFigures>> inboxStats) {
}
