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
    for (Throwable t = error; t != null; t = t.getCause()) {
      FailureKind kind = kindOf(t);
      if (kind != null) {
        return new Attempt.Failed(kind, describe(t));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return new Attempt.Failed(FailureKind.IO, describe(error));
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
      case EOFException e -> FailureKind.RESET;
      case ClosedChannelException e -> FailureKind.RESET;
      case IOException e when isReset(e) -> FailureKind.RESET;
      default -> null;
    };
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
    return m.contains("closed by peer") || m.contains("remote host terminated") || m.contains("closed the channel")
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

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank()
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + message;
  }
}
