package dev.fanout.replica;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The replica's one Jetty handler (core API, no servlets): picks the site, API, admin or generic
 * route for a request. Never blocks: holds wait on one thread ({@link Holds}), bodies are read
 * asynchronously.
 */
final class Router extends Handler.Abstract.NonBlocking {
  private final Stats stats;
  private final Holds holds;
  private final Latency latency;
  private final long seed;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Site> sites;
  private final ApiEndpoints api;
  private final AdminEndpoints admin;
  private final GenericEndpoints generic;

  Router(ReplicaConfig config, LiveDataset dataset, Stats stats, Holds holds) {
    this.stats = stats;
    this.holds = holds;
    this.latency = config.latency();
    this.seed = config.seed();
    this.sites = config.sites();
    this.api = new ApiEndpoints(dataset, new Faults(config.faults(), config.seed()), stats);
    this.admin = new AdminEndpoints(dataset, stats, config.writable(), config.writeTimeout());
    this.generic = new GenericEndpoints();
  }

  /**
   * Handlers never block, so Jetty may run them on the thread that parsed the request; {@code
   * -Dreplica.dispatch=true} makes it hand them to pool threads instead (an A/B knob for benches).
   */
  private static final boolean DISPATCH = Boolean.getBoolean("replica.dispatch");

  @Override
  public InvocationType getInvocationType() {
    return DISPATCH ? InvocationType.BLOCKING : InvocationType.NON_BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response, callback, stats, holds);
    String path = request.getHttpURI().getPath();
    if (path == null) {
      path = "/";
    }
    if (!sites.isEmpty()) {
      Site site = sites.get(Request.getServerName(request).toLowerCase(Locale.ROOT));
      if (site != null) {
        ex.after(site.latency().toNanos(), () -> SitePages.serve(ex, site));
        return true;
      }
    }
    if (path.startsWith("/__")) {
      admin.serve(ex, path, HttpMethod.POST.is(request.getMethod()));
      return true;
    }
    String p = path;
    if (path.startsWith("/v0/")) {
      String query = request.getHttpURI().getQuery();
      boolean pretty = query != null && query.contains("print=pretty");
      ex.after(holdNanos(), () -> api.serve(ex, p.substring(4), pretty));
    } else {
      ex.after(holdNanos(), () -> generic.serve(ex, p));
    }
    return true;
  }

  private long holdNanos() {
    if (latency.isNone()) {
      return 0;
    }
    return latency.nanos(Mix.unit(seed ^ 0x1A7E4C1L, sequence.incrementAndGet()));
  }
}
