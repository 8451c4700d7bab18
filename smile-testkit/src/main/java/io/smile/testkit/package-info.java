/**
 * Test fixtures shared by the modules' tests: the real data sets (skipped when absent, a failure
 * in CI). Used at test scope only; depends on JUnit and nothing of the product, so every module can
 * use it without a cycle.
 */
package io.smile.testkit;
