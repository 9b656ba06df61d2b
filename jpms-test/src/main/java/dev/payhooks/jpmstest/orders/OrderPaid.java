package dev.payhooks.jpmstest.orders;

/**
 * The merchant's own view of a Standard Webhooks event's data, bound by {@code Event.data(...)}.
 *
 * @param orderId the order
 * @param amount the amount in minor units
 */
public record OrderPaid(String orderId, long amount) {
}
