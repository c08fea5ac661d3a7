/**
 * jwire's engine internals: the step runner, workers, timers and clocks. Not an API: only jwire's
 * own modules may use it, and it changes without notice.
 */
package dev.jwire.engine.internal;
