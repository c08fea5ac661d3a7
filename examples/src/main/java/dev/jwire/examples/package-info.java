/**
 * Runnable examples of jwire, after aiowire's README: {@link dev.jwire.examples.ShowEvents},
 * {@link dev.jwire.examples.Beeps} and {@link dev.jwire.examples.JobMachine}, launched by {@link
 * dev.jwire.examples.Main} ({@code ./jwire} at the repository root).
 */
package dev.jwire.examples;
