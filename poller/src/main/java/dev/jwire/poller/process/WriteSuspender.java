package dev.jwire.poller.process;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.process.internal.StdinWriter;
import java.io.IOException;

/**
 * {@link Subprocess#write} and {@link Subprocess#closeStdin}: one per run of the wire, since it
 * remembers its queued write to skip it if the task is cancelled first.
 */
final class WriteSuspender extends Suspender<Void> {
  private final Subprocess process;
  private final byte[] data;
  private volatile Object queued;

  /** {@code data} null: close stdin. */
  WriteSuspender(Subprocess process, byte[] data) {
    this.process = process;
    this.data = data;
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Void> s) {
    String path = ctx.path();
    StdinWriter w = process.stdin();
    queued = data == null ? w.close(e -> done(path, s, e)) : w.write(data, e -> done(path, s, e));
  }

  private void done(String path, Suspension<Void> s, IOException error) {
    if (error == null) {
      s.resume(null);
    } else if (process.timedOut()) {
      s.fail(process.timeoutError(path));
    } else {
      String what = data == null ? "cannot close the stdin of " : "cannot write to the stdin of ";
      s.fail(process.failure(path, what + process.name() + ": " + error.getMessage(), error));
    }
  }

  @Override
  public Wire resumed(WireContext ctx, Void signal) {
    return null;
  }

  @Override
  public void cancelled(Suspension<Void> s) {
    Object q = queued;
    if (q != null) {
      StdinWriter.cancel(q);
    }
  }

  @Override
  public boolean waitsOnOutside() {
    return true;
  }

  @Override
  public String name() {
    return data == null ? "closeStdin" : "write";
  }
}
