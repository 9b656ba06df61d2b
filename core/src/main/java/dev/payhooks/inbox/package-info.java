/**
 * Asynchronous processing: a receiver configured with an {@link dev.payhooks.spi.Inbox} answers
 * the provider once the verified delivery is stored, and an
 * {@link dev.payhooks.inbox.InboxProcessor} claims stored rows on worker threads (or other
 * machines), runs the handlers, retries failures with growing delays and marks rows dead after
 * the last attempt; an {@link dev.payhooks.inbox.InboxListener} observes each step. The null
 * policy is the library's: see {@link dev.payhooks}.
 *
 * @since 0.1.0
 */
package dev.payhooks.inbox;
