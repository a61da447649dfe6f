package dev.fanout.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Request;

/** Names the kind of a failed exchange from the exception chain Jetty reports. */
final class Failures {
  private Failures() {}

  static Attempt.Failed classify(Throwable error, Request request) {
    Throwable abort = request == null ? null : request.getAbortCause();
    if (abort instanceof CancellationException) {
      return new Attempt.Failed(FailureKind.CANCELLED, "cancelled");
    }
    if (abort instanceof Exchange.BodyTooLarge) {
      return new Attempt.Failed(FailureKind.BODY_TOO_LARGE, "body over the limit");
    }
    if (abort instanceof Exchange.HeadersTooLarge e) {
      return new Attempt.Failed(FailureKind.HEADERS_TOO_LARGE, e.getMessage());
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      FailureKind kind = kindOf(t);
      if (kind != null) {
        return new Attempt.Failed(kind, reason(kind, t, request));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return new Attempt.Failed(FailureKind.IO, reason(FailureKind.IO, error, request));
  }

  /**
   * A failure of a request sent through {@code proxy}: one to connect (the only connection made is
   * to the proxy) or a tunnel the proxy refused is the proxy's, {@link FailureKind#PROXY}; any
   * other stays as it was.
   */
  static Attempt.Failed throughProxy(Attempt.Failed failed, Throwable error, Proxies.Server proxy) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException e
          && e.getResponse() != null
          && "CONNECT".equals(e.getResponse().getRequest().getMethod())) {
        int status = e.getResponse().getStatus();
        String reason = e.getResponse().getReason();
        return new Attempt.Failed(
            FailureKind.PROXY,
            "the proxy "
                + proxy.url()
                + " refused the tunnel: CONNECT answered "
                + status
                + (reason == null || reason.isEmpty() ? "" : " " + bounded(reason)));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return switch (failed.kind()) {
      case CONNECTION_REFUSED, UNKNOWN_HOST ->
          new Attempt.Failed(
              FailureKind.PROXY, "cannot reach the proxy " + proxy.url() + ": " + failed.message());
      default -> failed;
    };
  }

  private static FailureKind kindOf(Throwable t) {
    return switch (t) {
      case UnknownHostException e -> FailureKind.UNKNOWN_HOST;
      case ConnectException e -> FailureKind.CONNECTION_REFUSED;
      case NoRouteToHostException e -> FailureKind.CONNECTION_REFUSED;
      case SocketTimeoutException e when isConnect(e) -> FailureKind.CONNECTION_REFUSED;
      case SocketTimeoutException e -> FailureKind.TIMEOUT;
      case TimeoutException e -> FailureKind.TIMEOUT;
      case SSLException e when isPeerClosing(e) -> FailureKind.RESET;
      case SSLException e -> FailureKind.TLS;
      case CancellationException e -> FailureKind.CANCELLED;
      case Exchange.BodyTooLarge e -> FailureKind.BODY_TOO_LARGE;
      case Exchange.HeadersTooLarge e -> FailureKind.HEADERS_TOO_LARGE;
      case Exception e when isJettyHeaderLimit(e) -> FailureKind.HEADERS_TOO_LARGE;
      case EOFException e -> FailureKind.RESET;
      case ClosedChannelException e -> FailureKind.RESET;
      case IOException e when isReset(e) -> FailureKind.RESET;
      default -> null;
    };
  }

  /**
   * Jetty's own parsers past the header limit JettyClients sets: HTTP/1.1 says "Response Header
   * Bytes Too Large"; HTTP/2 fails the connection with "invalid_continuation_stream" when the
   * header block grows past it (the same words Jetty uses for CONTINUATION frames of the wrong
   * stream: broken header framing either way) and the HPACK decoder says "Header size N > M".
   */
  private static boolean isJettyHeaderLimit(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("Header Bytes Too Large")
        || message.contains("invalid_continuation_stream")
        || message.matches("(?s).*Header size \\d+ > \\d+.*");
  }

  private static boolean isConnect(Throwable t) {
    String message = t.getMessage();
    return message != null && message.toLowerCase(Locale.ROOT).contains("connect");
  }

  /**
   * A handshake the peer broke off (overload, idle close) is a transport failure worth retrying; a
   * certificate or protocol mismatch is not.
   */
  private static boolean isPeerClosing(SSLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException
          || t instanceof java.security.cert.CertPathValidatorException) {
        return false;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String message = e.getMessage();
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("closed by peer")
        || m.contains("remote host terminated")
        || m.contains("closed the channel")
        || m.contains("connection reset");
  }

  private static boolean isReset(Throwable t) {
    String message = t.getMessage();
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("reset")
        || m.contains("broken pipe")
        || m.contains("closed")
        || m.contains("eof")
        || m.contains("goaway")
        || m.contains("incomplete");
  }

  /**
   * Why the attempt failed, in words for the person who asked: one short printable line, without
   * the client's internals (Jetty names connections {@code HttpConnectionOverHTTP@510810f5::...}).
   */
  static String reason(FailureKind kind, Throwable t, Request request) {
    String host = request == null ? null : request.getHost();
    if (kind == FailureKind.TLS) {
      return tlsReason(t, host);
    }
    if (kind == FailureKind.HEADERS_TOO_LARGE) {
      return "response headers over the limit (too many bytes, or a broken HTTP/2 header block)";
    }
    String message = withoutInternals(t);
    if (kind == FailureKind.CONNECTION_REFUSED
        && (message.isEmpty() || message.equalsIgnoreCase("Connection refused"))) {
      return "connection refused";
    }
    return message.isEmpty() ? describeType(t) : message;
  }

  private static String tlsReason(Throwable t, String host) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (c instanceof java.security.cert.CertificateException
          && (m.contains("No subject alternative") || m.contains("No name matching"))) {
        return "certificate does not match " + host + " (it names other hosts)";
      }
      if (c instanceof java.security.cert.CertificateExpiredException) {
        return "certificate expired";
      }
      if (c instanceof java.security.cert.CertificateNotYetValidException) {
        return "certificate not yet valid";
      }
      if (c instanceof java.security.cert.CertPathValidatorException
          || m.contains("unable to find valid certification path")) {
        return "certificate for "
            + host
            + " is not trusted (self-signed or unknown issuer);"
            + " trust it with --cacert FILE";
      }
      if (c.getCause() == c) {
        break;
      }
    }
    String message = withoutInternals(t);
    return "TLS handshake failed" + (message.isEmpty() ? "" : ": " + message);
  }

  /**
   * A Jetty object's name ({@code HttpConnectionOverHTTP@510810f5}), with the "on" leading up to
   * it; not {@code user@cafe.example}, which a URL in a message may carry.
   */
  private static final java.util.regex.Pattern INTERNALS =
      java.util.regex.Pattern.compile(
          "\\s*(?:\\b(?:on|for|in)\\s+)?[A-Za-z_$][\\w$.]*@[0-9a-f]{4,}(?![\\w.-])");

  /**
   * The message up to the first Jetty object name (what follows is the object's state, for Jetty's
   * developers), at most {@value #MAX_MESSAGE} characters. When something was cut, the cause's
   * message, cut the same way, says what went wrong (e.g. {@code HTTP protocol violation: bad
   * response: 400: Illegal character CNTL=0x1b}).
   */
  static String withoutInternals(Throwable t) {
    String message = String.valueOf(t.getMessage());
    java.util.regex.Matcher internals = INTERNALS.matcher(message);
    if (!internals.find()) {
      return t.getMessage() == null ? "" : bounded(message.strip());
    }
    String kept = message.substring(0, internals.start()).strip();
    Throwable cause = t.getCause();
    if (cause != null && cause != t && cause.getMessage() != null) {
      String why = withoutInternals(cause);
      kept = kept.isEmpty() ? why : why.isEmpty() ? kept : kept + ": " + why;
    }
    return bounded(kept.strip());
  }

  /** The longest failure message kept, in characters: what a server sent is bounded here too. */
  static final int MAX_MESSAGE = 200;

  /**
   * {@code text} cut to {@value #MAX_MESSAGE} characters. Control characters are left as they are:
   * escaping is the presenter's job (JSON escapes them; the CLI's text output shows them escaped),
   * and a Java caller gets the server's words unaltered.
   */
  static String bounded(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
  }

  private static String describeType(Throwable t) {
    return switch (t) {
      case EOFException e -> "connection closed before the response was complete";
      case ClosedChannelException e -> "connection closed";
      case TimeoutException e -> "timed out";
      default -> t.getClass().getSimpleName();
    };
  }
}
