package dev.payhooks.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The run settings every benchmark class inherits, so that one JMH run measures floors, references
 * and payhooks alike: average time per call in nanoseconds, one thread, one fresh JVM per
 * benchmark and size with a fixed heap (so {@code -prof gc} figures compare), 3 warm-up iterations of 2
 * seconds and 5 measured iterations of 1 second. Command-line options ({@code -f}, {@code -wi}, {@code -i},
 * {@code -r}) override them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public abstract class BenchmarkSettings {

    /** For subclasses. */
    protected BenchmarkSettings() {
    }
}
