package dev.payhooks.examples.springwithoutstarter;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stands for the rest of the application: an ordinary, CSRF-protected POST endpoint. */
@RestController
public class OrdersController {

    /** Created by Spring. */
    public OrdersController() {
    }

    /**
     * Creates an order (in a real shop).
     *
     * @return a confirmation
     */
    @PostMapping("/orders")
    public String create() {
        return "order created";
    }
}
