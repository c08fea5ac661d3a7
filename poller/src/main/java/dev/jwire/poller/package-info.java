/**
 * NIO readiness as wires: a {@code Poller} that maps selectable channels to callback wires, and
 * TCP, TLS, UDP and pipes on top of it. Under construction.
 */
package dev.jwire.poller;
