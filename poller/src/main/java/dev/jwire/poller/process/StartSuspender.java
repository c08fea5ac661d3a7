package dev.jwire.poller.process;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.process.internal.ProcessThreads;
import dev.jwire.poller.process.internal.TaskProcesses;
import java.util.function.Function;

/**
 * {@link Subprocess#start}: forks on a helper thread, then hands the process to the task, which
 * owns it from then on. A process that starts after its task was cancelled is killed at once.
 */
final class StartSuspender extends Suspender<Subprocess> {
  private final Command command;
  private final boolean closeStdin;
  private final Function<? super Subprocess, ? extends Wire> then;

  StartSuspender(Command command, boolean closeStdin, Function<? super Subprocess, ? extends Wire> then) {
    this.command = command;
    this.closeStdin = closeStdin;
    this.then = then;
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Subprocess> s) {
    TaskProcesses.of(ctx); // bound now, so the task's end is seen even before the process exists
    String path = ctx.path();
    ProcessThreads.start("start", () -> launch(path, s));
  }

  private void launch(String path, Suspension<Subprocess> s) {
    Subprocess p;
    try {
      p = Subprocess.launch(command, closeStdin);
    } catch (Exception e) {
      s.fail(Subprocess.startFailure(path, command, e));
      return;
    }
    if (!s.resume(p)) {
      p.close(); // the task was cancelled while the program started
    }
  }

  @Override
  public Wire resumed(WireContext ctx, Subprocess p) {
    TaskProcesses group = TaskProcesses.of(ctx);
    if (!group.add(p)) {
      p.close();
      return null;
    }
    p.owned(group, ctx.scheduler());
    return then.apply(p);
  }

  @Override
  public void undelivered(Subprocess p) {
    p.close();
  }

  @Override
  public boolean waitsOnOutside() {
    return true;
  }

  @Override
  public String name() {
    return "start " + command.program();
  }
}
