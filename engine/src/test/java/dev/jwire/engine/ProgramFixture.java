package dev.jwire.engine;

import java.time.Duration;

/** A program run in a child JVM by {@link ProgramTest}: prints its lifecycle to stdout. */
public final class ProgramFixture {
  private ProgramFixture() {}

  private static Wire say(String line) {
    return Wire.call(() -> {
      System.out.println(line);
      System.out.flush();
    });
  }

  /** @param args one word: serve, fail, finish or stuck */
  public static void main(String[] args) {
    String mode = args[0];
    Wire main;
    switch (mode) {
      case "fail":
        main = Wire.call(() -> {
          throw new IllegalStateException("main failed on purpose");
        });
        break;
      case "finish":
        main = Wire.sleep(Duration.ofMillis(20)).then(say("main done"));
        break;
      case "stuck":
        main = Wire.sync(ctx -> {
          ctx.bind(() -> {
            System.out.println("cleanup hangs");
            System.out.flush();
            Thread.sleep(60_000); // a cleanup that never ends: the grace period must cut it short
          });
          return say("ready").then(Wire.sleep(Duration.ofDays(1)));
        });
        break;
      default:
        main = Wire.sync(ctx -> {
          ctx.bind(() -> {
            System.out.println("cleanup");
            System.out.flush();
          });
          return say("ready").then(Wire.sleep(Duration.ofDays(1)));
        });
        break;
    }
    System.exit(
        Program.of(main)
            .onStarting(say("starting"))
            .onStarted(say("started"))
            .onStopping(say("stopping"))
            .onStopped(say("stopped"))
            .shutdownGrace(Duration.ofMillis(mode.equals("stuck") ? 500 : 10_000))
            .run());
  }
}
