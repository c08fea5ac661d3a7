package dev.jwire.wires.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;

/**
 * Creates and binds the mailbox of a task being started ({@code Mailbox.Builder.start}), once,
 * from whichever side comes first: the starting thread once {@code start} has returned the task,
 * or the task's first step, which may run before that on a loop thread. A named mailbox is created
 * (and its name reserved) before the task starts, so a taken name starts nothing.
 *
 * @param <T> the type of the messages
 */
final class MailboxStarter<T> {
  private final MailboxImpl.Config<T> config;
  private final EventLoop loop;
  private MailboxImpl<T> box;

  MailboxStarter(MailboxImpl.Config<T> config, EventLoop loop) {
    this.config = config;
    this.loop = loop;
    if (config.name() != null) {
      box = MailboxImpl.create(config, loop, null);
    }
  }

  /** @return the mailbox, bound to {@code task} */
  synchronized MailboxImpl<T> bind(Task task) {
    if (box == null) {
      box = MailboxImpl.create(config, loop, "mailbox of " + task.name());
    }
    if (box.owner == null) {
      box.bind(task);
    }
    return box;
  }

  /** The task could not be started: frees the name. */
  synchronized void abandon() {
    if (box != null) {
      box.channel.close();
      box.unregister();
    }
  }
}
