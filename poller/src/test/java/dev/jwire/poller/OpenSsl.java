package dev.jwire.poller;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real peer of the TLS tests, Debian's {@code openssl}: certificates made at test time, and
 * {@code s_server} / {@code s_client} processes that are always bounded in time and killed.
 */
final class OpenSsl {
  static final char[] PASSWORD = "changeit".toCharArray();
  private static final long COMMAND_SECONDS = 60;

  private OpenSsl() {}

  /** A self-signed certificate for {@code localhost} and 127.0.0.1, its key, and the pair as PKCS12. */
  record Identity(Path cert, Path key, Path keyStore) {

    /** @return a context that presents this identity and trusts {@code trusted} */
    SSLContext context(Identity... trusted) {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
          ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trustManagers(trusted), null);
        return ctx;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** @return a client context with no key that trusts exactly {@code trusted} */
  static SSLContext trusting(Identity... trusted) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustManagers(trusted), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static javax.net.ssl.TrustManager[] trustManagers(Identity... trusted) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    for (int i = 0; i < trusted.length; i++) {
      try (InputStream in = Files.newInputStream(trusted[i].cert())) {
        ts.setCertificateEntry("trusted-" + i, (X509Certificate) cf.generateCertificate(in));
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf.getTrustManagers();
  }

  /** Makes a fresh RSA key and self-signed certificate named {@code name} in {@code dir}. */
  static Identity identity(Path dir, String name, String commonName) {
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + ".key");
    Path p12 = dir.resolve(name + ".p12");
    run(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + commonName,
        "-addext", "subjectAltName=DNS:" + commonName + ",IP:127.0.0.1", "-days", "1",
        "-keyout", key.toString(), "-out", cert.toString());
    run(dir, "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-name", name,
        "-out", p12.toString(), "-passout", "pass:" + new String(PASSWORD));
    return new Identity(cert, key, p12);
  }

  /** Runs an {@code openssl} command to its end (bounded), failing with its output if it fails. */
  static void run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try (Peer p = new Peer(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true))) {
      int rc = p.waitFor(Duration.ofSeconds(COMMAND_SECONDS));
      if (rc != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed (" + rc + "): " + p.output());
      }
    }
  }

  /** @return a loopback port that was free a moment ago (the peer we start binds it) */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until something accepts connections on {@code port} of the loopback address. */
  static void awaitListening(int port, Peer peer) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      if (!peer.process.isAlive()) {
        throw new IllegalStateException("openssl ended before listening: " + peer.output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
  }

  /** A running {@code openssl} process: its output lines collected, its input writable; killed on close. */
  static final class Peer implements AutoCloseable {
    final Process process;
    final List<String> stdout = new CopyOnWriteArrayList<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> collectors = new ArrayList<>();

    Peer(ProcessBuilder builder) {
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + builder.command(), e);
      }
      collect(process.getInputStream(), stdout, "stdout");
      collect(process.getErrorStream(), stderr, "stderr");
    }

    static Peer start(String... args) {
      List<String> cmd = new ArrayList<>(List.of("openssl"));
      cmd.addAll(List.of(args));
      return new Peer(new ProcessBuilder(cmd));
    }

    private void collect(InputStream in, List<String> lines, String name) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
          }
        } catch (IOException ended) {
          // the process is gone
        }
      }, "openssl-" + name);
      t.setDaemon(true);
      t.start();
      collectors.add(t);
    }

    void send(String text) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write(text.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    void closeInput() throws IOException {
      process.getOutputStream().close();
    }

    /** @return the exit code; fails if the process takes longer than {@code timeout} */
    int waitFor(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("openssl did not end within " + timeout + ": " + output());
        }
        for (Thread t : collectors) {
          t.join(10_000); // they read to the end of the pipes, which closed with the process
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    String output() {
      return "stdout=" + stdout + " stderr=" + stderr;
    }

    @Override
    public void close() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
