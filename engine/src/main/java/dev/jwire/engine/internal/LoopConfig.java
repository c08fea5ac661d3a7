package dev.jwire.engine.internal;

import dev.jwire.engine.StartSiteCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * The settings of one event loop, validated by {@code EventLoop.Builder}.
 *
 * @param name the loop's name, used for its threads
 * @param threads the number of loop threads (1 with an executor or in manual mode)
 * @param executor a user executor that drives the loop, or null
 * @param manual whether the caller drives the loop (no threads of its own)
 * @param virtualOrigin the start of virtual time, or null for the system clock
 * @param autoAdvance whether virtual time jumps to the next timer when the loop is idle
 * @param autoAdvanceGrace real time an idle virtual loop waits for outside completions before jumping
 * @param closeTimeout how long {@code close()} runs before cancelling the rest; null = no limit
 * @param startSites how start sites are recorded
 * @param stepBudget synchronous steps a task may run before yielding its thread
 * @param stallThreshold how long a step may hold a loop thread before it is reported; null: off
 * @param onStall where stall reports go; null: the system logger
 */
public record LoopConfig(
    String name,
    int threads,
    Executor executor,
    boolean manual,
    Instant virtualOrigin,
    boolean autoAdvance,
    Duration autoAdvanceGrace,
    Duration closeTimeout,
    StartSiteCapture startSites,
    int stepBudget,
    Duration stallThreshold,
    java.util.function.Consumer<dev.jwire.engine.StallReport> onStall) {}
