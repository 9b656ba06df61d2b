package dev.payhooks.benchmarks.http;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the command-line runs share: option parsing, the load average, setup SQL, medians. */
final class RunSupport {

    private RunSupport() {
    }

    /**
     * Command-line options of the form {@code --name=value}.
     *
     * @param args the arguments
     * @return the values by name, in order; the caller removes what it knows and rejects the rest
     */
    static Map<String, String> options(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value; got '" + arg + "'");
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return values;
    }

    /**
     * Fails when options are left over.
     *
     * @param values what the caller did not remove
     * @param known the names it knows, for the message
     */
    static void noneLeft(Map<String, String> values, String known) {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + values.keySet() + "; known: " + known);
        }
    }

    /**
     * A positive integer option.
     *
     * @param value the value, or null when not given
     * @param fallback the default
     * @param name the option's name, for the message
     * @return the value
     */
    static int positive(String value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        int parsed = Integer.parseInt(value.strip());
        if (parsed < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, was " + parsed);
        }
        return parsed;
    }

    /**
     * A comma-separated list of positive integers.
     *
     * @param value the value, or null when not given
     * @param fallback the default
     * @param name the option's name, for the message
     * @return the values
     */
    static List<Integer> positives(String value, List<Integer> fallback, String name) {
        return value == null ? fallback : Arrays.stream(value.split(",")).map(v -> positive(v, 0, name)).toList();
    }

    /** @return the 1, 5 and 15 minute load averages, or {@code n/a} */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Runs statements on one connection, autocommit.
     *
     * @param dataSource where
     * @param statements what
     * @throws SQLException when one fails
     */
    static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * The median and range of some values.
     *
     * @param values the values
     * @param format how to print one, e.g. {@code %.0f}
     * @return e.g. {@code 1234 (1100-1300)}
     */
    static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return String.format(java.util.Locale.ROOT, format + " (" + format + "-" + format + ")", median, sorted[0],
                sorted[n - 1]);
    }
}
