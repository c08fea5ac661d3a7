/**
 * jwire's engine: {@link dev.jwire.engine.Wire} and its core algebra (call, then, times, forever,
 * sleep), the {@link dev.jwire.engine.EventLoop} that runs wires as {@link dev.jwire.engine.Task}s,
 * and the errors they report.
 *
 * <p>A program is a set of wires: state machines whose every state, when run, yields the next.
 * One loop runs millions of them on a few threads. Everything users call is in this package;
 * {@code dev.jwire.engine.internal} is private to jwire's modules.
 */
package dev.jwire.engine;
