package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import dev.jwire.poller.Connection;
import dev.jwire.poller.TcpServer;
import dev.jwire.poller.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * asyncoro's SSL echo server in jwire: a TLS echo server on 127.0.0.1, and three TLS clients that
 * each send a line at once and check the echo, verifying the server's certificate for {@code
 * localhost}.
 *
 * <p>The server's key and certificate: the PKCS12 key store named by the environment variable
 * {@code JWIRE_TLS_KEYSTORE} (password in {@code JWIRE_TLS_PASSWORD}; its certificate must name
 * {@code localhost}), else a self-signed certificate for {@code localhost} made at start with the
 * JDK's {@code keytool}, in a temporary directory deleted at once.
 *
 * <p>Network I/O runs in real time: on a virtual-time loop ({@code --virtual-time}) the example
 * keeps the clock still, so that no timeout fires early.
 */
public final class TlsEcho {
  private static final String PASSWORD_ENV = "JWIRE_TLS_PASSWORD";
  private static final String KEYSTORE_ENV = "JWIRE_TLS_KEYSTORE";

  private TlsEcho() {}

  /**
   * The server's key store.
   *
   * @param keyStore a PKCS12 store with one key entry
   * @param password the store's and the key's password
   * @param origin where it came from, for the output
   */
  public record Identity(KeyStore keyStore, char[] password, String origin) {}

  /**
   * The echo machine: each line goes back, until the client ends its output.
   *
   * @param conn the secured connection
   * @return the wire
   */
  public static Wire echo(Connection conn) {
    return conn.readLine(line -> line == null ? null : conn.write(line + "\n", echo(conn)));
  }

  /**
   * The TLS echo server's wire.
   *
   * @param server the listening socket
   * @param context the server's key and certificate
   * @param served counts the connections served
   * @return the accept loop, which ends once the server is closed and its connections have ended
   */
  public static Wire serve(TcpServer server, SSLContext context, AtomicInteger served) {
    return server.serve(Tls.server(context, conn -> Wire.sync(ctx -> {
      served.incrementAndGet();
      return echo(conn);
    })));
  }

  /**
   * Runs the example with the key store of {@code $JWIRE_TLS_KEYSTORE}, or a self-signed one.
   *
   * @param builder the loop's settings
   * @param out receives the lines
   */
  public static void run(EventLoop.Builder builder, Consumer<String> out) {
    String path = System.getenv(KEYSTORE_ENV);
    String password = System.getenv(PASSWORD_ENV);
    run(builder, out, path == null || path.isBlank()
        ? selfSigned()
        : load(Path.of(path), password == null ? new char[0] : password.toCharArray()));
  }

  /**
   * Runs the example: the server, three clients at once, each line they got back.
   *
   * @param builder the loop's settings
   * @param out receives the lines
   * @param identity the server's key store
   */
  public static void run(EventLoop.Builder builder, Consumer<String> out, Identity identity) {
    SSLContext serverContext = serverContext(identity);
    SSLContext clientContext = trusting(identity.keyStore());
    AtomicInteger served = new AtomicInteger();
    TcpServer server = TcpServer.bindLoopback(0);
    try (EventLoop loop = builder.autoAdvance(false).build()) {
      out.accept("server: TLS echo on 127.0.0.1, certificate " + subject(identity.keyStore())
          + " (" + identity.origin() + ")");
      loop.start(serve(server, serverContext, served).named("tls-echo"));
      loop.start(Wire.scope(
          ScopeOptions.defaults().named("clients").collectResults(),
          s -> List.of(1, 2, 3).forEach(i -> s.start(client(i, server.address(), clientContext))),
          s -> Wire.call(() -> {
            s.results().forEach(r -> out.accept(String.valueOf(r)));
            server.close(); // stop accepting: the server's wire ends once its connections have
          })).named("clients"));
    } finally {
      server.close();
    }
    out.accept("server: " + served.get() + " connections served, closed");
  }

  /** A client: connect, handshake (checking the certificate names localhost), one line there and back. */
  static Wire client(int n, InetSocketAddress address, SSLContext context) {
    String line = "hello from client " + n;
    return Tls.connect(address, Duration.ofSeconds(10), context, "localhost",
        conn -> conn.write(line + "\n", conn.readLine(reply -> Wire.sync(ctx -> {
          ctx.setResult("client " + n + ": sent '" + line + "', got "
              + (line.equals(reply) ? "it back" : "'" + reply + "'") + " over " + conn.session().getProtocol());
          return null; // the task ends: the connection closes, with close_notify
        }))));
  }

  // ---------------------------------------------------------------------------------------------
  // Keys and certificates

  static SSLContext serverContext(Identity identity) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(identity.keyStore(), identity.password());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the key store " + identity.origin() + " cannot serve TLS: " + e.getMessage(), e);
    }
  }

  /** @return a client context that trusts the certificates of {@code keyStore}'s key entries */
  static SSLContext trusting(KeyStore keyStore) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (String alias : java.util.Collections.list(keyStore.aliases())) {
        Certificate[] chain = keyStore.getCertificateChain(alias);
        if (chain != null) {
          trusted.setCertificateEntry(alias, chain[chain.length - 1]);
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the key store's certificates: " + e.getMessage(), e);
    }
  }

  private static String subject(KeyStore keyStore) {
    try {
      for (String alias : java.util.Collections.list(keyStore.aliases())) {
        Certificate c = keyStore.getCertificate(alias);
        if (c instanceof X509Certificate) {
          return ((X509Certificate) c).getSubjectX500Principal().getName();
        }
      }
      return "(none)";
    } catch (GeneralSecurityException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Loads a PKCS12 key store.
   *
   * @param path the file
   * @param password its password
   * @return the identity
   */
  public static Identity load(Path path, char[] password) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      return new Identity(ks, password, "from " + path);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the PKCS12 key store " + path + ": " + e.getMessage(), e);
    }
  }

  /** @return a fresh self-signed identity for localhost and 127.0.0.1, made with the JDK's keytool */
  static Identity selfSigned() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("jwire-tls-echo");
      Path file = dir.resolve("server.p12");
      char[] password = UUID.randomUUID().toString().toCharArray();
      String pass = new String(password);
      keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "1",
          "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", pass, "-keypass", pass);
      Identity loaded = load(file, password);
      return new Identity(loaded.keyStore(), password, "self-signed, made with keytool");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void keytool(String... args) throws IOException {
    Path bundled = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Files.isExecutable(bundled) ? bundled.toString() : "keytool");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool could not make a self-signed certificate: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while keytool made a certificate", e);
    } finally {
      p.destroyForcibly();
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory: the system cleans it up eventually
    }
  }
}
