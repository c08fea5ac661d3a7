/**
 * Subprocesses as wires (issue 4; aiowire's {@code create_subprocess_exec}): start a program
 * from a wire, read its stdout and stderr as lines or bytes, write to its stdin, take its exit
 * code as a result, with a timeout, and with the process and its descendants killed when the task
 * that started it ends.
 *
 * <pre>{@code
 * try (EventLoop loop = EventLoop.create()) {
 *   Task ls = loop.start(Subprocess.run(Command.of("ls", "-l"), System.out::println));
 *   loop.run();
 *   System.out.println("exit code " + ls.result());
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.jwire.poller.process.Command}: what to run and how (directory, environment,
 *       stderr, input, timeout, charset, limits);
 *   <li>{@link dev.jwire.poller.process.Subprocess}: the wires that start a program ({@code
 *       start}, {@code run}) and the handle of a running one ({@code readLine}, {@code write},
 *       {@code awaitExit}, {@code kill});
 *   <li>{@link dev.jwire.poller.process.ProcessOutput}: stdout or stderr as lines or bytes;
 *   <li>{@link dev.jwire.poller.process.SubprocessException} and its subclasses {@link
 *       dev.jwire.poller.process.SubprocessTimeoutException} and {@link
 *       dev.jwire.poller.process.SubprocessExitException}.
 * </ul>
 */
package dev.jwire.poller.process;
