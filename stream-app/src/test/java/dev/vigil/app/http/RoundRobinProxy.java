package dev.vigil.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * One address in front of several instances with no session affinity, as a Service in front of
 * replicas: each request goes to the next instance in turn, headers and body as they came.
 */
final class RoundRobinProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "content-length",
          "connection",
          "upgrade",
          "http2-settings",
          "expect",
          "keep-alive",
          "te",
          "transfer-encoding");

  private final List<IntSupplier> ports;
  private final AtomicInteger served = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer server;

  /** How many requests each instance answered, by its index in {@code ports}. */
  final int[] perInstance;

  /**
   * Starts the proxy on a free port of 127.0.0.1.
   *
   * @param ports the instances' ports, looked up on each request
   */
  RoundRobinProxy(List<IntSupplier> ports) throws IOException {
    this.ports = List.copyOf(ports);
    this.perInstance = new int[ports.size()];
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          try {
            forward(ex);
          } catch (Exception | Error e) {
            e.printStackTrace();
            throw e;
          }
        });
    server.start();
  }

  /** The proxy's base URL. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange ex) throws IOException {
    int i = served.getAndIncrement() % ports.size();
    perInstance[i]++;
    HttpRequest.Builder req =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ports.get(i).getAsInt() + ex.getRequestURI()));
    ex.getRequestHeaders()
        .forEach(
            (k, vs) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                vs.forEach(v -> req.header(k, v));
              }
            });
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    req.method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> r;
    try {
      r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    r.headers()
        .map()
        .forEach(
            (k, vs) -> {
              if (!k.equalsIgnoreCase("content-length")
                  && !k.equalsIgnoreCase("transfer-encoding")) {
                ex.getResponseHeaders().put(k, vs);
              }
            });
    ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
