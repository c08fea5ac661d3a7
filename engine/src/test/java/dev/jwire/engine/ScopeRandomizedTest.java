package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random trees of scopes, wires, failures, timeouts and cancellations. Whatever happens,
 * after a scope ends none of its tasks runs another step, every resource is closed exactly once,
 * and every task ends. Reproduce a failure with {@code -Djwire.seed=<seed>}; scale with
 * {@code -Djwire.stress.factor}.
 */
class ScopeRandomizedTest {
  private static final int FACTOR = Integer.getInteger("jwire.stress.factor", 1);

  static Stream<Long> seeds(int count) {
    String fixed = System.getProperty("jwire.seed");
    if (fixed != null) {
      return Stream.of(Long.parseLong(fixed));
    }
    long base = new Random().nextLong();
    return LongStream.range(0, count).mapToObj(i -> base + i);
  }

  static Stream<Long> virtualSeeds() {
    return seeds(150 * FACTOR);
  }

  static Stream<Long> threadedSeeds() {
    return seeds(15 * FACTOR);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("virtualSeeds")
  void randomTree_virtualTime_invariantsHold(long seed) {
    check(seed, EventLoop.builder().manual().virtualTime().build());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("threadedSeeds")
  void randomTree_twoThreads_invariantsHold(long seed) {
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      check(seed, loop);
    }
  }

  private static void check(long seed, EventLoop loop) {
    Tree tree = new Tree(new Random(seed), loop);
    Scope top = loop.openScope(ScopeOptions.defaults().named("top").supervised().onError((c, e) -> {}));
    tree.bindEnd(top, "top");
    for (int i = 0; i < 3; i++) {
      top.start(tree.wire(0), (c, e) -> tree.errors.incrementAndGet());
    }
    top.start(tree.canceller());
    top.close();
    String why = "seed " + seed + " (rerun with -Djwire.seed=" + seed + ")";
    assertThat(loop.liveTasks()).as(why).isZero();
    for (Map.Entry<String, Long> end : tree.scopeEnds.entrySet()) {
      for (long[] step : tree.stepsOf(end.getKey())) {
        assertThat(step[0]).as(why + ": a step of scope " + end.getKey() + " ran after it ended").isLessThan(end.getValue());
      }
    }
    assertThat(tree.closes).as(why + ": every resource closed exactly once").allSatisfy((k, v) -> assertThat(v.get()).isOne());
    assertThat(tree.closes.keySet()).as(why).containsAll(tree.bound);
    assertThat(tree.scopeEnds.keySet()).as(why + ": every scope ended").containsAll(tree.opened);
  }

  /** Generates wires; records steps, ends and closes with a global sequence. */
  private static final class Tree {
    final Random random;
    final EventLoop loop;
    final AtomicLong sequence = new AtomicLong();
    final Map<String, Long> scopeEnds = new ConcurrentHashMap<>();
    final Map<String, List<long[]>> steps = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();
    final List<String> bound = new CopyOnWriteArrayList<>();
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<Scope> scopes = new CopyOnWriteArrayList<>();
    final AtomicInteger errors = new AtomicInteger();
    int names;

    Tree(Random random, EventLoop loop) {
      this.random = random;
      this.loop = loop;
    }

    synchronized int nextInt(int bound) {
      return random.nextInt(bound);
    }

    List<long[]> stepsOf(String scopePath) {
      List<long[]> all = new ArrayList<>();
      steps.forEach((path, list) -> {
        if (path.equals(scopePath) || path.startsWith(scopePath + "/")) {
          all.addAll(list);
        }
      });
      return all;
    }

    void bindEnd(Scope scope, String key) {
      opened.add(key);
      bound.add("scope " + key);
      scope.bind(() -> {
        scopeEnds.put(key, sequence.incrementAndGet());
        closes.computeIfAbsent("scope " + key, k -> new AtomicInteger()).incrementAndGet();
      });
    }

    Wire wire(int depth) {
      int kind = nextInt(depth >= 3 ? 2 : 3);
      return kind == 2 ? nested(depth) : leaf();
    }

    Wire leaf() {
      int count = 1 + nextInt(4);
      int failAt = nextInt(6) == 0 ? nextInt(count) : -1;
      int spawnAt = nextInt(4) == 0 ? nextInt(count) : -1;
      Wire w = Wire.nothing();
      for (int i = count - 1; i >= 0; i--) {
        Wire rest = w;
        boolean fail = i == failAt;
        boolean spawn = i == spawnAt;
        long sleep = nextInt(15);
        String resource = "task-resource-" + (names++);
        boolean bindHere = i == 0 && nextInt(2) == 0;
        w = Wire.sync(ctx -> {
          steps.computeIfAbsent(ctx.scope().path(), k -> new CopyOnWriteArrayList<>()).add(new long[] {sequence.incrementAndGet()});
          if (bindHere) {
            bound.add(resource);
            ctx.bind(() -> closes.computeIfAbsent(resource, k -> new AtomicInteger()).incrementAndGet());
          }
          if (fail) {
            throw new IllegalStateException("generated failure");
          }
          if (spawn) {
            ctx.start(leafWithoutSpawn());
          }
          return Wire.sleep(Duration.ofMillis(sleep)).then(rest);
        });
      }
      return w;
    }

    Wire leafWithoutSpawn() {
      return Wire.sync(ctx -> {
        steps.computeIfAbsent(ctx.scope().path(), k -> new CopyOnWriteArrayList<>()).add(new long[] {sequence.incrementAndGet()});
        return Wire.sleep(Duration.ofMillis(3));
      });
    }

    Wire nested(int depth) {
      ScopeOptions options = ScopeOptions.defaults().named("s" + (names++));
      if (nextInt(3) == 0) {
        options = options.maxConcurrency(1 + nextInt(2));
      }
      if (nextInt(3) == 0) {
        options = options.timeout(Duration.ofMillis(1 + nextInt(30)));
      }
      if (nextInt(2) == 0) {
        options = options.supervised();
      }
      int children = 1 + nextInt(3);
      List<Wire> wires = new ArrayList<>();
      for (int i = 0; i < children; i++) {
        wires.add(wire(depth + 1));
      }
      boolean daemon = nextInt(4) == 0;
      ScopeOptions o = options;
      return Wire.scope(o, s -> {
        scopes.add(s);
        bindEnd(s, s.path());
        wires.forEach(s::start);
        if (daemon) {
          s.startDaemon(leafWithoutSpawn().then(Wire.sleep(Duration.ofMillis(2))).forever());
        }
      });
    }

    Wire canceller() {
      long delay = nextInt(40);
      return Wire.sleep(Duration.ofMillis(delay)).then(Wire.call(() -> {
        if (!scopes.isEmpty()) {
          scopes.get(nextInt(scopes.size())).cancel();
        }
      }));
    }
  }
}
