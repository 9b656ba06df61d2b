package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A Stripe Balance ({@code balance.available}; docs.stripe.com/api/balance/balance_object).
 *
 * @param available funds available for payouts, per currency
 * @param pending funds not yet available, per currency
 * @param instantAvailable funds available for instant payouts, per currency; empty when absent
 * @param connectReserved funds reserved for connected accounts' negative balances; empty when absent
 * @param livemode whether the object lives in live mode
 *
 * @since 0.1.0
 */
public record BalanceView(
        List<Amount> available,
        List<Amount> pending,
        @JsonProperty("instant_available") List<Amount> instantAvailable,
        @JsonProperty("connect_reserved") List<Amount> connectReserved,
        boolean livemode) {

    /**
     * Normalises absent lists to empty lists.
     *
     * @param available available funds
     * @param pending pending funds
     * @param instantAvailable instantly available funds
     * @param connectReserved reserved funds
     * @param livemode live mode
     */
    public BalanceView {
        available = Views.list(available);
        pending = Views.list(pending);
        instantAvailable = Views.list(instantAvailable);
        connectReserved = Views.list(connectReserved);
    }

    /**
     * The available amount in one currency.
     *
     * @param currency a lower-case ISO code such as {@code "usd"}
     * @return the amount in minor units, 0 when the currency is absent
     */
    public long availableIn(String currency) {
        long total = 0;
        for (Amount amount : available) {
            if (amount.currency().equalsIgnoreCase(currency)) {
                total = Math.addExact(total, amount.amount());
            }
        }
        return total;
    }

    /**
     * An amount in one currency.
     *
     * @param amount the amount in the currency's minor unit (may be negative)
     * @param currency the three-letter ISO code, lower case
     * @param sourceTypes the amount per source type ({@code card}, {@code bank_account}, ...); empty when absent
     *
     * @since 0.1.0
     */
    public record Amount(
            long amount,
            String currency,
            @JsonProperty("source_types") Map<String, Long> sourceTypes) {

        /**
         * Normalises absent source types to an empty map.
         *
         * @param amount the amount
         * @param currency the currency
         * @param sourceTypes the per-source amounts
         */
        public Amount {
            currency = Views.text(currency);
            sourceTypes = Views.map(sourceTypes);
        }
    }
}
