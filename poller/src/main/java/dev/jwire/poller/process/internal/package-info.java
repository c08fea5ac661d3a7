/**
 * The machinery behind {@link dev.jwire.poller.process}: bounded output buffers fed by reader
 * threads, the stdin writer, killing of process trees, and ownership of processes by tasks. Not an
 * API: nothing here is meant to be used outside jwire's modules.
 */
package dev.jwire.poller.process.internal;
