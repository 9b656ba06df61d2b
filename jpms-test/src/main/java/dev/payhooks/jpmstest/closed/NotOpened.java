package dev.payhooks.jpmstest.closed;

/**
 * A record in a package the module neither exports nor opens: Jackson may not construct it, so
 * binding event data to it fails on the module path (on the class path it would succeed). It shows
 * that the checks run under the module system's strong encapsulation.
 *
 * @param orderId the order
 * @param amount the amount in minor units
 */
public record NotOpened(String orderId, long amount) {
}
