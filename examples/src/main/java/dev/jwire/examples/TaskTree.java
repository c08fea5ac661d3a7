package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import dev.jwire.wires.Timers;
import dev.jwire.wires.Wires;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Structured concurrency you can see: a crawler fetches pages in a scope limited to two at a time,
 * each fetch under a timeout with a fallback, while a daemon heartbeat ticks; half-way through, the
 * program prints {@code loop.dump()}, the live tree of scopes and tasks.
 */
public final class TaskTree {
  private TaskTree() {}

  /** A simulated fetch: takes {@code millis} on the loop clock, then reports. */
  private static Wire fetch(String page, long millis, LoopLog log) {
    return Wire.sleep(Duration.ofMillis(millis)).then(Wire.call(() -> log.println("fetched " + page))).named(page);
  }

  /**
   * Runs the example.
   *
   * @param builder the loop's settings
   * @param out receives the lines
   */
  public static void run(EventLoop.Builder builder, Consumer<String> out) {
    try (EventLoop loop = builder.build()) {
      LoopLog log = new LoopLog(loop, out);
      List<String> pages = List.of("index", "about", "blog", "shop", "slow-page");
      Wire crawl = Wire.scope(
          ScopeOptions.defaults().named("crawl").maxConcurrency(2),
          s -> s.map(pages, page -> Wires.orElse(
              Wires.timeout(fetch(page, page.equals("slow-page") ? 5_000 : 300 + 100L * page.length(), log), Duration.ofSeconds(1)),
              Wire.call(() -> log.println(page + " timed out: using the cached copy")))),
          s -> Wire.call(() -> log.println("crawl done")));
      loop.startDaemon(Timers.every(Duration.ofMillis(500), Wire.call(() -> log.println("heartbeat"))).named("heartbeat"));
      loop.start(crawl.named("crawler"));
      loop.start(Timers.after(Duration.ofMillis(650), Wire.call(() -> {
        log.println("dump:");
        for (String line : loop.dump().toText().split("\n")) {
          out.accept("    " + line);
        }
      })).named("dumper"));
    }
  }
}
