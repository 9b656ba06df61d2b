package dev.payhooks.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a test's payhooks instrumentation recorded: by default a {@link TestObservationRegistry}
 * (which also checks that every observation is started, scoped and stopped properly), with Micrometer's own
 * meter handler turning observations into timers on a {@link SimpleMeterRegistry}, the way Spring
 * Boot wires them, and every stopped observation's context kept for inspection.
 */
final class Recording {

    final ObservationRegistry observations;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Observation.Context> stopped = Collections.synchronizedList(new ArrayList<>());

    Recording() {
        this(TestObservationRegistry.create());
    }

    /**
     * A recording on a plain registry, for tests of many thousand deliveries: the test registry's
     * lifecycle checks slow them down tenfold.
     *
     * @return the recording
     */
    static Recording onPlainRegistry() {
        return new Recording(ObservationRegistry.create());
    }

    private Recording(ObservationRegistry observations) {
        this.observations = observations;
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
    }

    /** The test registry, for its assertions and lifecycle checks. */
    TestObservationRegistry tested() {
        return (TestObservationRegistry) observations;
    }

    /** Stopped contexts of one observation name, in stop order. */
    List<Observation.Context> stopped(String name) {
        synchronized (stopped) {
            return stopped.stream().filter(c -> name.equals(c.getName())).toList();
        }
    }

    /**
     * Every string payhooks handed to Micrometer: meter names, tag keys and values, observation
     * names and contextual names, low- and high-cardinality keys and values, and the class and
     * message of every error an observation carries (with its causes).
     */
    List<String> everythingRecorded() {
        List<String> all = new ArrayList<>();
        for (Meter meter : meters.getMeters()) {
            all.add(meter.getId().getName());
            for (Tag tag : meter.getId().getTags()) {
                all.add(tag.getKey());
                all.add(tag.getValue());
            }
        }
        synchronized (stopped) {
            for (Observation.Context context : stopped) {
                all.add(context.getName());
                all.add(String.valueOf(context.getContextualName()));
                for (KeyValue keyValue : context.getAllKeyValues()) {
                    all.add(keyValue.getKey());
                    all.add(keyValue.getValue());
                }
                for (Throwable error = context.getError(); error != null; error = error.getCause()) {
                    all.add(error.getClass().getName());
                    all.add(String.valueOf(error.getMessage()));
                }
            }
        }
        return all;
    }

    /** Every value of one tag key across all meters. */
    Set<String> tagValues(String key) {
        Set<String> values = new TreeSet<>();
        for (Meter meter : meters.getMeters()) {
            String value = meter.getId().getTag(key);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }
}
