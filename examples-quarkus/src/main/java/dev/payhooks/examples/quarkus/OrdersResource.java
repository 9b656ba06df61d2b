package dev.payhooks.examples.quarkus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The rest of the application: an ordinary resource the webhook filter leaves alone. */
@Path("/orders")
public class OrdersResource {

    private final RefundLedger ledger;

    /**
     * Created by CDI.
     *
     * @param ledger the failed refunds
     */
    public OrdersResource(RefundLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * The failed refunds, one id a line.
     *
     * @return the text
     */
    @GET
    @Path("/failed-refunds")
    @Produces(MediaType.TEXT_PLAIN)
    public String failedRefunds() {
        List<String> ids = ledger.failedRefunds();
        return String.join("\n", ids);
    }
}
