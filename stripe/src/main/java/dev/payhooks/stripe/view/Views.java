package dev.payhooks.stripe.view;

import java.util.List;
import java.util.Map;

/** Normalisation shared by the views: absent text and collections become empty, never null. */
final class Views {

    private Views() {
    }

    static String text(String value) {
        return value == null ? "" : value;
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
