/**
 * payhooks for merchants who already use stripe-java: the data of a verified Stripe event bound to
 * stripe-java's model classes ({@code com.stripe.model.Refund}, {@code PaymentIntent}, ...) with
 * stripe-java's own deserializer, a mismatch between the event's API version and the one the
 * stripe-java on the class path models reported instead of hidden, and the related object of a thin
 * event fetched with stripe-java's {@code StripeClient}.
 *
 * <p>Start at {@link dev.payhooks.stripe.java.StripeObjects}. {@code dev.payhooks.stripe.java.internal}
 * is not exported.
 *
 * @since 0.1.0
 */
// stripe-java ships no module descriptor; since its pull request #2121 its manifest fixes the automatic
// module name "stripe.java", the same name earlier releases got from their file name.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.payhooks.stripe.java {
    requires transitive dev.payhooks.stripe;
    requires transitive stripe.java;
    // stripe-java's JSON library: an explicit module, resolved only when a module requires it.
    requires com.google.gson;
    requires org.slf4j;

    exports dev.payhooks.stripe.java;
}
