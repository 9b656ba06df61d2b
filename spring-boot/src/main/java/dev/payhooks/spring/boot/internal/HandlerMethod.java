package dev.payhooks.spring.boot.internal;

import dev.payhooks.Event;
import dev.payhooks.EventHandler;
import dev.payhooks.spring.boot.PayhooksConfigurationException;
import dev.payhooks.spring.boot.WebhookHandler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One {@link WebhookHandler} method bound to its bean: an {@link EventHandler} that supplies the
 * method's parameters from the event. The single place a handler method is called, so that wrapping
 * every call (in a transaction shared with the idempotency store, for instance) has one seat.
 */
public final class HandlerMethod implements EventHandler {

    private final String endpoint;
    private final List<String> types;
    private final Object bean;
    private final Method method;
    private final String description;
    private final List<Function<Event, Object>> arguments;
    private final boolean transactional;

    private HandlerMethod(String endpoint, List<String> types, Object bean, Method method, String description,
            List<Function<Event, Object>> arguments, boolean transactional) {
        this.transactional = transactional;
        this.endpoint = endpoint;
        this.types = types;
        this.bean = bean;
        this.method = method;
        this.description = description;
        this.arguments = arguments;
    }

    /**
     * Binds a method, checking its parameters.
     *
     * @param annotation the method's annotation
     * @param bean the bean as Spring exposes it (possibly a proxy)
     * @param declared the annotated method as declared on the bean's class
     * @param invocable the method to call on {@code bean}
     * @return the handler
     * @throws PayhooksConfigurationException when a parameter cannot be supplied or no type is named
     */
    public static HandlerMethod of(WebhookHandler annotation, Object bean, Method declared, Method invocable) {
        String description = describe(declared);
        if (annotation.types().length == 0 || Arrays.stream(annotation.types()).anyMatch(t -> t == null || t.isBlank())) {
            throw new PayhooksConfigurationException("@WebhookHandler on " + description
                    + " names no event type or a blank one: give types = \"refund.failed\" or a prefix such as"
                    + " \"payment_intent.*\"");
        }
        if (Modifier.isStatic(declared.getModifiers())) {
            throw new PayhooksConfigurationException("@WebhookHandler on " + description
                    + " is static: make it an instance method of a bean");
        }
        Class<?>[] parameterTypes = declared.getParameterTypes();
        List<Function<Event, Object>> arguments = new java.util.ArrayList<>();
        boolean eventSeen = false;
        Class<?> dataType = null;
        for (int i = 0; i < parameterTypes.length; i++) {
            Class<?> type = parameterTypes[i];
            if (type == Event.class) {
                if (eventSeen) {
                    throw unsupported(description, i, type, "it takes the Event twice");
                }
                eventSeen = true;
                arguments.add(event -> event);
            } else if (type.isPrimitive() || type.isArray() || type.getName().startsWith("java.lang.")
                    || type.isInterface() && type.getName().startsWith("java.")) {
                throw unsupported(description, i, type, "the starter supplies only the Event and the event's data bound"
                        + " to a class of your own (such as a view record)");
            } else {
                if (dataType != null) {
                    throw unsupported(description, i, type, "the event's data is already bound to "
                            + dataType.getSimpleName() + "; a handler takes at most one data type");
                }
                dataType = type;
                Class<?> bound = type;
                arguments.add(event -> event.data(bound));
            }
        }
        String endpoint = annotation.endpoint();
        return new HandlerMethod(endpoint, List.of(annotation.types()), bean, invocable, description, List.copyOf(arguments),
                annotation.transactional());
    }

    private static PayhooksConfigurationException unsupported(String description, int index, Class<?> type, String why) {
        return new PayhooksConfigurationException("@WebhookHandler method " + description + " has parameter " + index
                + " of type " + type.getName() + " that the starter cannot supply: " + why
                + ". Declare the parameters as (Event) or (YourDataType) or (YourDataType, Event).");
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The endpoint the annotation names.
     *
     * @return the endpoint name
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The type patterns the annotation names.
     *
     * @return the patterns
     */
    public List<String> types() {
        return types;
    }

    /**
     * The method, for messages.
     *
     * @return e.g. {@code com.shop.Refunds.failed(RefundView, Event)}
     */
    public String description() {
        return description;
    }

    /**
     * Whether the annotation asks for the store's transaction.
     *
     * @return {@code transactional = true}
     */
    public boolean transactional() {
        return transactional;
    }

    @Override
    public void handle(Event event) throws Exception {
        Objects.requireNonNull(event, "event");
        Object[] args = new Object[arguments.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = arguments.get(i).apply(event);
        }
        try {
            method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "HandlerMethod[" + description + "]";
    }
}
