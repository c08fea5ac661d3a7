package dev.jwire.engine;

import dev.jwire.engine.internal.Checks;
import java.time.Duration;

/**
 * How a {@link Scope} runs its tasks: a name, a concurrency limit, a timeout, a failure policy and
 * whether it collects results. Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * ScopeOptions.defaults().named("crawl").maxConcurrency(10).timeout(Duration.ofSeconds(12))
 * }</pre>
 */
public final class ScopeOptions {
  private static final ScopeOptions DEFAULTS =
      new ScopeOptions("scope", Integer.MAX_VALUE, null, FailurePolicy.FAIL_FAST, false, null);

  /** What a task's failure does to its scope when the task has no error handler of its own. */
  public enum FailurePolicy {
    /**
     * The first failure cancels every other task of the scope (and nested scopes) and is raised
     * from the scope; failures that follow are attached to it as suppressed. Trio's nursery.
     */
    FAIL_FAST,
    /**
     * Failures stay with their task: each goes to the task's handler, else to the scope's {@link
     * #onError handler}, else to the loop's log. Siblings keep running. Erlang's supervisor.
     */
    SUPERVISED
  }

  private final String name;
  private final int maxConcurrency;
  private final Duration timeout;
  private final FailurePolicy policy;
  private final boolean collectResults;
  private final WireErrorHandler onError;

  private ScopeOptions(
      String name, int maxConcurrency, Duration timeout, FailurePolicy policy, boolean collectResults,
      WireErrorHandler onError) {
    this.name = name;
    this.maxConcurrency = maxConcurrency;
    this.timeout = timeout;
    this.policy = policy;
    this.collectResults = collectResults;
    this.onError = onError;
  }

  /** @return unlimited concurrency, no timeout, fail-fast, no results, named {@code scope} */
  public static ScopeOptions defaults() {
    return DEFAULTS;
  }

  /**
   * @param name the scope's name in paths and dumps; not blank, no {@code /}
   * @return a copy with this name
   */
  public ScopeOptions named(String name) {
    Checks.argument(
        name != null && !name.isBlank() && name.indexOf('/') < 0,
        "name : " + name + " (expected: not blank, without '/')");
    return new ScopeOptions(name, maxConcurrency, timeout, policy, collectResults, onError);
  }

  /**
   * At most {@code n} tasks of the scope run at once; the others wait, unstarted, in start order.
   *
   * @param n at least 1
   * @return a copy with this limit
   */
  public ScopeOptions maxConcurrency(int n) {
    return new ScopeOptions(name, Checks.atLeast(n, 1, "maxConcurrency"), timeout, policy, collectResults, onError);
  }

  /**
   * After {@code timeout} on the loop's clock the scope cancels what remains and reports {@link
   * Scope#timedOut()}.
   *
   * @param timeout more than zero
   * @return a copy with this timeout
   */
  public ScopeOptions timeout(Duration timeout) {
    return new ScopeOptions(name, maxConcurrency, Checks.positive(timeout, "timeout"), policy, collectResults, onError);
  }

  /** @return a copy with the {@link FailurePolicy#FAIL_FAST} policy (the default) */
  public ScopeOptions failFast() {
    return new ScopeOptions(name, maxConcurrency, timeout, FailurePolicy.FAIL_FAST, collectResults, onError);
  }

  /** @return a copy with the {@link FailurePolicy#SUPERVISED} policy */
  public ScopeOptions supervised() {
    return new ScopeOptions(name, maxConcurrency, timeout, FailurePolicy.SUPERVISED, collectResults, onError);
  }

  /**
   * In a supervised scope, the handler for failures of tasks started without one.
   *
   * @param handler the handler
   * @return a supervised copy with this handler
   */
  public ScopeOptions onError(WireErrorHandler handler) {
    return new ScopeOptions(
        name, maxConcurrency, timeout, FailurePolicy.SUPERVISED, collectResults, Checks.notNull(handler, "handler"));
  }

  /** @return a copy that keeps its tasks' {@linkplain WireContext#setResult results}, in start order */
  public ScopeOptions collectResults() {
    return new ScopeOptions(name, maxConcurrency, timeout, policy, true, onError);
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the concurrency limit ({@link Integer#MAX_VALUE}: none) */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** @return the timeout, or null for none */
  public Duration timeout() {
    return timeout;
  }

  /** @return the failure policy */
  public FailurePolicy policy() {
    return policy;
  }

  /** @return whether results are collected */
  public boolean collectsResults() {
    return collectResults;
  }

  /** @return the supervised scope's default handler, or null */
  public WireErrorHandler errorHandler() {
    return onError;
  }

  @Override
  public String toString() {
    return "ScopeOptions[" + name + (maxConcurrency == Integer.MAX_VALUE ? "" : ", max=" + maxConcurrency)
        + (timeout == null ? "" : ", timeout=" + timeout) + ", " + policy + (collectResults ? ", results" : "") + "]";
  }
}
