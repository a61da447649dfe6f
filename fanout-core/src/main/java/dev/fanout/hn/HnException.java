package dev.fanout.hn;

import java.io.IOException;

/**
 * A request to the Hacker News API that gave no usable answer after every retry. The message names
 * the URL and why (status, failure kind, or what was wrong with the body).
 */
public final class HnException extends IOException {
  public HnException(String message) {
    super(message);
  }
}
