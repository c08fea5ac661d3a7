package dev.jwire.poller.process.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.Suspension;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pump on a scripted stream: exact chunk boundaries, no process, no loop. */
class OutputPumpTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private final Feed feed = new Feed();
  private OutputPump pump;

  /** An input stream that returns exactly the chunks it is fed, blocking in between. */
  static final class Feed extends InputStream {
    private static final Object EOF = new Object();
    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int pos;

    void feed(String s) {
      chunks.add(s.getBytes(UTF_8));
    }

    void end() {
      chunks.add(EOF);
    }

    void fail(IOException e) {
      chunks.add(e);
    }

    int unread() {
      return chunks.size();
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos == current.length) {
        Object next;
        try {
          next = chunks.take();
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
        if (next == EOF) {
          chunks.add(EOF);
          return -1;
        }
        if (next instanceof IOException e) {
          throw e;
        }
        current = (byte[]) next;
        pos = 0;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() {
      end();
    }
  }

  /** A suspension that records what it got; it may refuse, as one whose task was cancelled. */
  static final class Probe implements Suspension<Object> {
    final CompletableFuture<Object> got = new CompletableFuture<>();
    volatile boolean refuse;

    @Override
    public boolean resume(Object value) {
      return !refuse && got.complete(value);
    }

    @Override
    public boolean fail(Throwable error) {
      return got.complete(error);
    }

    @Override
    public boolean isPending() {
      return !refuse && !got.isDone();
    }

    OutputPump.Taken taken() {
      try {
        return (OutputPump.Taken) got.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("no value within the safety limit", e);
      }
    }
  }

  private OutputPump start(int maxLine, int bufferSize) {
    pump = new OutputPump("stdout of test", feed, UTF_8, maxLine, bufferSize);
    pump.start("test-stdout");
    return pump;
  }

  @AfterEach
  void stop() {
    if (pump != null) {
      pump.close();
    }
    feed.end();
  }

  private OutputPump.Taken request(int want) {
    Probe p = new Probe();
    pump.request(p, want);
    return p.taken();
  }

  private String line() {
    OutputPump.Taken t = request(OutputPump.LINE);
    assertThat(t.error()).isNull();
    return t.isEnd() ? null : t.line();
  }

  @Test
  void linesCutAcrossChunks_crlfDropped_lastLineWithoutNewline() {
    start(100, 1000);
    feed.feed("he");
    feed.feed("llo\nwo");
    feed.feed("rld\r\n\nlast");
    feed.end();

    assertThat(List.of(line(), line(), line(), line())).containsExactly("hello", "world", "", "last");
    assertThat(line()).isNull();
    assertThat(line()).as("the end stays the end").isNull();
    assertThat(pump.statistics().finished()).isTrue();
  }

  @Test
  void aRequestBeforeTheData_isServedByTheReaderWhenItArrives() {
    start(100, 1000);
    Probe p = new Probe();
    pump.request(p, OutputPump.LINE);
    feed.feed("partial ");
    feed.feed("line\n");

    assertThat(p.taken().line()).isEqualTo("partial line");
  }

  @Test
  void aTooLongPartialLine_failsOnce_andItsRestIsSkippedAsItArrives() {
    start(4, 1000);
    feed.feed("abcdefgh");

    OutputPump.Taken t = request(OutputPump.LINE);
    assertThat(t.error()).hasMessageContaining("a line of stdout of test is longer than 4 bytes");
    feed.feed("ijk");
    feed.feed("lm\nok\n");
    assertThat(line()).isEqualTo("ok");
  }

  @Test
  void aTooLongCompleteLine_failsOnce_andTheNextLineFollows() {
    start(4, 1000);
    feed.feed("abcdef\nok\r\n1234\r\n");

    assertThat(request(OutputPump.LINE).error()).hasMessageContaining("longer than 4 bytes");
    assertThat(line()).isEqualTo("ok");
    assertThat(line()).as("4 bytes and a CR fit").isEqualTo("1234");
  }

  @Test
  void bytes_takeWhatIsThereUpToTheMaximum() {
    start(100, 1000);
    feed.feed("hello");

    assertThat(new String(request(3).bytes(), UTF_8)).isEqualTo("hel");
    assertThat(new String(request(10).bytes(), UTF_8)).isEqualTo("lo");
    feed.feed("!\n");
    assertThat(line()).isEqualTo("!");
  }

  @Test
  void aRefusedResume_putsTheLineBackForTheNextReader() {
    start(100, 1000);
    Probe refusing = new Probe();
    pump.request(refusing, OutputPump.LINE);
    refusing.refuse = true; // its task was cancelled, but it was not forgotten yet
    feed.feed("kept\n");
    await().atMost(LIMIT).until(() -> pump.statistics().bytesRead() == 5);

    assertThat(line()).isEqualTo("kept");
    assertThat(refusing.got).isNotDone();
  }

  @Test
  void givenBack_isReadAgainFirst() {
    start(100, 1000);
    feed.feed("a\nb\n");
    OutputPump.Taken a = request(OutputPump.LINE);
    assertThat(a.line()).isEqualTo("a");

    pump.giveBack(a);

    assertThat(List.of(line(), line())).containsExactly("a", "b");
    assertThat(pump.statistics().buffered()).isZero();
  }

  @Test
  void aSecondWaitingReader_isRefused_untilTheFirstIsServed() {
    start(100, 1000);
    Probe first = new Probe();
    pump.request(first, OutputPump.LINE);

    assertThatThrownBy(() -> pump.request(new Probe(), OutputPump.LINE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stdout of test already has a waiting reader: read a stream from one wire at a time");
    feed.feed("x\ny\n");
    assertThat(first.taken().line()).isEqualTo("x");
    assertThat(line()).isEqualTo("y");
  }

  @Test
  void aForgottenReader_letsAnotherWait() {
    start(100, 1000);
    Probe first = new Probe();
    pump.request(first, OutputPump.LINE);
    pump.forget(first);

    Probe second = new Probe();
    pump.request(second, OutputPump.LINE);
    feed.feed("z\n");
    assertThat(second.taken().line()).isEqualTo("z");
    assertThat(first.got).isNotDone();
  }

  @Test
  void aFullBuffer_stopsTheReader_untilSomethingIsTaken() {
    start(4, 16); // capacity 16
    for (int i = 0; i < 10; i++) {
      feed.feed("0123456789");
    }
    await().atMost(LIMIT).until(() -> pump.statistics().buffered() == 16);
    assertThat(pump.statistics().bytesRead()).isEqualTo(16);
    assertThat(feed.unread()).as("the rest waits in the pipe").isGreaterThanOrEqualTo(8);

    assertThat(request(5).bytes()).hasSize(5);

    await().atMost(LIMIT).until(() -> pump.statistics().bytesRead() == 21);
    assertThat(pump.statistics().buffered()).isEqualTo(16);
    assertThat(pump.statistics().maxBuffered()).isEqualTo(16);
    long total = 5;
    while (total < 100) {
      total += request(7).bytes().length;
      assertThat(pump.statistics().buffered()).isLessThanOrEqualTo(16);
    }
    assertThat(total).isEqualTo(100);
  }

  @Test
  void aReadError_comesAfterTheBufferedLines() {
    start(100, 1000);
    feed.feed("one\ntw");
    feed.fail(new IOException("boom"));

    assertThat(line()).isEqualTo("one");
    assertThat(line()).isEqualTo("tw");
    assertThat(request(OutputPump.LINE).error()).hasMessage("cannot read stdout of test: boom");
    assertThat(pump.statistics().finished()).isFalse();
  }

  @Test
  void close_endsTheStreamAfterWhatIsBuffered_andWakesTheWaiter() {
    start(100, 1000);
    feed.feed("a\n");
    await().atMost(LIMIT).until(() -> pump.statistics().bytesRead() == 2);
    assertThat(line()).isEqualTo("a");
    Probe waiting = new Probe();
    pump.request(waiting, OutputPump.LINE);

    pump.close();

    assertThat(waiting.taken().isEnd()).isTrue();
  }

  @Test
  void manyLinesFromManySmallChunks_allArriveInOrder() {
    start(100, 64);
    List<String> got = new ArrayList<>();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 5000; i++) {
        feed.feed(i + "\n");
      }
      feed.end();
    });
    writer.start();
    for (String l; (l = line()) != null; ) {
      got.add(l);
    }
    assertThat(got).hasSize(5000);
    for (int i = 0; i < 5000; i++) {
      assertThat(got.get(i)).isEqualTo(Integer.toString(i));
    }
    assertThat(pump.capacity()).as("raised to hold a whole line").isEqualTo(102);
    assertThat(pump.statistics().maxBuffered()).isLessThanOrEqualTo(102);
  }
}
