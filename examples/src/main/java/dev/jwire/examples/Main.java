package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launcher of the examples ({@code ./jwire} or {@code java -jar jwire-examples.jar}).
 *
 * <pre>
 * jwire                    runs every example in turn
 * jwire list               lists the examples
 * jwire &lt;name&gt;             runs one example
 * jwire --virtual-time ... runs on a virtual clock: same output, no waiting
 * jwire --help
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 an example failed, 2 bad usage.
 */
public final class Main {
  /** Exit code of a bad command line. */
  public static final int USAGE = 2;

  private Main() {}

  /** @param args the command line */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line.
   *
   * @param args the command line
   * @param out receives the examples' output
   * @param err receives errors
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean virtual = false;
    List<String> words = new ArrayList<>();
    for (String a : args) {
      switch (a) {
        case "-h", "--help" -> {
          out.print(usage());
          return 0;
        }
        case "--virtual-time" -> virtual = true;
        default -> {
          if (a.startsWith("-")) {
            err.println("jwire: unknown option '" + a + "'");
            err.print(usage());
            return USAGE;
          }
          words.add(a);
        }
      }
    }
    if (words.size() > 1) {
      err.println("jwire: expected at most one example, got " + String.join(" ", words));
      err.print(usage());
      return USAGE;
    }
    if (words.isEmpty()) {
      for (Example e : Example.ALL) {
        if (e != Example.ALL.get(0)) {
          out.println();
        }
        out.println("== " + e.name() + ": " + e.summary());
        if (!runOne(e, virtual, out, err)) {
          return 1;
        }
      }
      return 0;
    }
    String word = words.get(0);
    if (word.equals("list")) {
      for (Example e : Example.ALL) {
        out.printf("%-16s %s%n", e.name(), e.summary());
      }
      return 0;
    }
    Optional<Example> example = Example.named(word);
    if (example.isEmpty()) {
      err.println("jwire: unknown example '" + word + "'; valid names: " + Example.names());
      return USAGE;
    }
    return runOne(example.get(), virtual, out, err) ? 0 : 1;
  }

  /** Runs {@code e} on a fresh loop; reports its failure, if any, on {@code err}. */
  static boolean runOne(Example e, boolean virtual, PrintStream out, PrintStream err) {
    EventLoop.Builder builder = EventLoop.builder().name(e.name());
    if (virtual) {
      builder.virtualTime();
    }
    try {
      e.body().run(builder, out::println);
      return true;
    } catch (RuntimeException ex) {
      err.println("jwire: example '" + e.name() + "' failed: " + ex);
      return false;
    }
  }

  static String usage() {
    return String.join(
        System.lineSeparator(),
        "usage: jwire [--virtual-time] [list | <example>]",
        "Runs jwire's example programs; with no argument, all of them in turn.",
        "  list             list the examples",
        "  <example>        run one example: " + Example.names(),
        "  --virtual-time   run on a virtual clock: the same output, without the waiting",
        "  -h, --help       show this help",
        "");
  }
}
