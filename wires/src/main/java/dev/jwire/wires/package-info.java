/**
 * The wider library of wires built on {@code dev.jwire.engine}: timers, timeouts, all/any/race,
 * blocking offload, channels and select, mailboxes, synchronisation and supervision. It grows
 * issue by issue; the core algebra (call, then, times, forever, sleep) lives beside
 * {@link dev.jwire.engine.Wire} in the engine.
 */
package dev.jwire.wires;
