/**
 * Implementation of {@code dev.jwire.wires}: the bounded worker pool behind {@code BlockingPool},
 * the interrupt protocol shared by blocking and parallel wires, preconditions, and the channels,
 * select runs, broadcasts and permit queues (see {@link dev.jwire.wires.internal.ChannelImpl} for
 * the design of the waiter queues and claims). Nothing here is
 * API: classes are public only so that {@code dev.jwire.wires} can reach them, and may change in
 * any release.
 */
package dev.jwire.wires.internal;
