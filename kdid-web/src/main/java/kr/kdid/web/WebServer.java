package kr.kdid.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a K-DID process: Javalin on virtual threads, with the shared error mapping
 * (every error is JSON with a machine-readable code; no stack trace ever reaches a client), a
 * request size limit, and a Prometheus endpoint at {@code /metrics}. Services add their routes
 * through {@link Builder#routes}.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  /**
   * Connections the operating system holds for the server before it accepts them (capped by the
   * system's own limit, {@code net.core.somaxconn} on Linux). Java's default is 50: a burst of a
   * few hundred clients connecting at once (a polling station opening, a load test starting)
   * overflowed it, and the kernel dropped the overflow, so some clients saw their connection reset.
   */
  public static final int ACCEPT_QUEUE = 1024;

  /** Default request size limit: transactions are at most 2 MiB. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 4L << 20;

  private final Javalin app;
  private final PrometheusMeterRegistry metrics;

  private WebServer(Javalin app, PrometheusMeterRegistry metrics) {
    this.app = app;
    this.metrics = metrics;
  }

  public static Builder builder(PrometheusMeterRegistry metrics) {
    return new Builder(metrics);
  }

  /** A new registry with the JVM's basic meters. */
  public static PrometheusMeterRegistry newMetrics() {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(r);
    return r;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** The accept queue the server's connector asked the operating system for. */
  int acceptQueueSize() {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getAcceptQueueSize();
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  @Override
  public void close() {
    app.stop();
  }

  /** Collects route registrations, then starts the server. */
  public static final class Builder {
    private final PrometheusMeterRegistry metrics;
    private final List<Consumer<JavalinConfig>> routes = new ArrayList<>();
    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

    private Builder(PrometheusMeterRegistry metrics) {
      this.metrics = metrics;
    }

    public Builder maxRequestBytes(long bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    /** Adds routes (config.routes.get(...) etc.). */
    public Builder routes(Consumer<JavalinConfig> r) {
      routes.add(r);
      return this;
    }

    /**
     * Starts the server.
     *
     * @param host interface to bind (127.0.0.1 by default in K-DID)
     * @param port port, 0 for any free one
     */
    public WebServer start(String host, int port) {
      Javalin app =
          Javalin.create(
              config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.concurrency.useVirtualThreads =
                    Boolean.parseBoolean(System.getProperty("kdid.http.virtualThreads", "true"));
                config.http.maxRequestSize = maxRequestBytes;
                config.http.prefer405over404 = true;
                config.http.defaultContentType = Http.JSON;
                config.jetty.host = host;
                config.jetty.port = port;
                // Errors Jetty answers before routing (oversized headers or URI, a request line
                // that is not HTTP) in K-DID's JSON error shape too.
                config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
                // The connector Javalin would make by default, with a deeper accept queue.
                config.jetty.addConnector(
                    (server, http) -> {
                      ServerConnector c =
                          new ServerConnector(server, new HttpConnectionFactory(http));
                      c.setHost(host);
                      c.setPort(port);
                      c.setAcceptQueueSize(ACCEPT_QUEUE);
                      return c;
                    });
                config.routes.exception(
                    ApiException.class,
                    (e, ctx) ->
                        Http.json(
                            ctx, e.status(), Http.error(e.status(), e.code(), e.getMessage())));
                config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> {
                      int s = e.getStatus();
                      Http.json(
                          ctx,
                          s,
                          Http.error(
                              s,
                              JsonErrorHandler.codeFor(s),
                              JsonErrorHandler.messageFor(s, e.getMessage())));
                    });
                config.routes.exception(
                    Exception.class,
                    (e, ctx) -> {
                      LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                      Http.json(
                          ctx,
                          500,
                          Http.error(500, "INTERNAL_ERROR", "the server failed; see its log"));
                    });
                config.routes.error(
                    404,
                    ctx -> {
                      if (ctx.result() == null || ctx.result().isEmpty()) {
                        Http.json(
                            ctx,
                            404,
                            Http.error(404, "NOT_FOUND", "no such endpoint: " + ctx.path()));
                      }
                    });
                config.routes.error(
                    405,
                    ctx ->
                        Http.json(
                            ctx,
                            405,
                            Http.error(
                                405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed here")));
                config.routes.get(
                    "/metrics",
                    ctx ->
                        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(metrics.scrape()));
                routes.forEach(r -> r.accept(config));
              });
      app.start();
      return new WebServer(app, metrics);
    }
  }
}
