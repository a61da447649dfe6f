package dev.fanout.replica;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** The pages of {@link Site}s: a small HTML page, or a redirect to another host. */
final class SitePages {
  private SitePages() {}

  static void serve(Exchange ex, Site site) {
    String host = Request.getServerName(ex.request);
    String path = ex.request.getHttpURI().getPathQuery();
    if (site.redirectTo() != null) {
      int port = Request.getServerPort(ex.request);
      String scheme = ex.request.getHttpURI().getScheme();
      boolean defaultPort =
          port <= 0
              || (port == 80 && "http".equals(scheme))
              || (port == 443 && "https".equals(scheme));
      String location = scheme + "://" + site.redirectTo() + (defaultPort ? "" : ":" + port) + path;
      ex.response.getHeaders().put(HttpHeader.LOCATION, location);
      ex.send(
          301,
          Exchange.HTML,
          ("<html><body>Moved to <a href=\"" + location + "\">" + location + "</a></body></html>\n")
              .getBytes(StandardCharsets.UTF_8));
      return;
    }
    ex.send(
        200,
        Exchange.HTML,
        ("<!doctype html>\n<html><head><title>"
                + host
                + "</title></head><body>\n<h1>"
                + host
                + "</h1>\n<p>"
                + path
                + " as served by the fanout replica (a stand-in for the real site).</p>\n"
                + "</body></html>\n")
            .getBytes(StandardCharsets.UTF_8));
  }
}
