package com.example.merchant;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Which test methods of one test class pass, fail or are skipped (an assumption not met), run
 * through the JUnit Platform.
 */
record ContractRun(Set<String> passed, Set<String> failed, Set<String> skipped) {

    static ContractRun of(Class<?> testClass) {
        Set<String> passed = new TreeSet<>();
        Set<String> failed = new TreeSet<>();
        Set<String> skipped = new TreeSet<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (!test.isTest()) {
                            return;
                        }
                        String method = test.getSource().filter(MethodSource.class::isInstance)
                                .map(source -> ((MethodSource) source).getMethodName()).orElse(test.getDisplayName());
                        synchronized (passed) {
                            switch (result.getStatus()) {
                                case SUCCESSFUL -> passed.add(method);
                                case ABORTED -> skipped.add(method);
                                case FAILED -> failed.add(method);
                            }
                        }
                    }
                });
        return new ContractRun(passed, failed, skipped);
    }
}
