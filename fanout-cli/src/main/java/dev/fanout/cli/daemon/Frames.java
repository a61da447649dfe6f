package dev.fanout.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client-daemon protocol: frames of {@code type (1 byte), length (4 bytes, big-endian),
 * payload}. Java cannot pass file descriptors over a Unix socket, so standard input, output and
 * error travel as frames. Client to daemon: one {@link #REQUEST} (or {@link #STATUS} or {@link
 * #STOP}), then {@link #STDIN} chunks (each one asked for by a {@link #WANT_STDIN}), {@link
 * #STDIN_END} and {@link #INTERRUPT} (Ctrl-C) at any time. Daemon to client: {@link #STARTED} first
 * (before it, nothing has run and the client may run the command itself), {@link #STDOUT} and
 * {@link #STDERR} chunks, {@link #WANT_STDIN}, and last {@link #EXIT} with the exit code. A
 * connection that ends before {@link #EXIT} means the daemon died.
 */
final class Frames {
  private Frames() {}

  static final byte REQUEST = 'R';
  static final byte STATUS = 'S';
  static final byte STOP = 'Q';
  static final byte STDIN = 'I';
  static final byte STDIN_END = 'E';
  static final byte INTERRUPT = 'C';
  static final byte STDOUT = 'O';
  static final byte STDERR = 'e';
  static final byte WANT_STDIN = 'N';
  static final byte EXIT = 'X';
  static final byte STARTED = 'A';

  /** Largest payload either side sends; bigger is a broken peer. */
  static final int MAX_PAYLOAD = 1 << 20;

  /** Stdin is read and sent in chunks of at most this many bytes, one per {@link #WANT_STDIN}. */
  static final int STDIN_CHUNK = 64 * 1024;

  /** One frame. */
  record Frame(byte type, byte[] payload) {}

  /** What a client asks the daemon to run, and the client's side of the run. */
  record Request(
      List<String> args, String cwd, Map<String, String> env, boolean stderrTerminal, int columns) {

    byte[] encode() {
      try {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeInt(args.size());
        for (String a : args) {
          string(out, a);
        }
        string(out, cwd);
        out.writeInt(env.size());
        for (var e : env.entrySet()) {
          string(out, e.getKey());
          string(out, e.getValue());
        }
        out.writeBoolean(stderrTerminal);
        out.writeInt(columns);
        out.flush();
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    static Request decode(byte[] payload) throws IOException {
      var in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
      int n = count(in);
      List<String> args = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        args.add(string(in));
      }
      String cwd = string(in);
      int m = count(in);
      Map<String, String> env = new LinkedHashMap<>();
      for (int i = 0; i < m; i++) {
        env.put(string(in), string(in));
      }
      return new Request(args, cwd, env, in.readBoolean(), in.readInt());
    }
  }

  static void write(DataOutputStream out, byte type, byte[] payload, int off, int len)
      throws IOException {
    out.writeByte(type);
    out.writeInt(len);
    out.write(payload, off, len);
  }

  static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
    write(out, type, payload, 0, payload.length);
  }

  static byte[] exitPayload(int code) {
    return new byte[] {
      (byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code
    };
  }

  static int exitCode(byte[] payload) throws IOException {
    if (payload.length != 4) {
      throw new IOException("bad exit frame");
    }
    return ((payload[0] & 0xff) << 24)
        | ((payload[1] & 0xff) << 16)
        | ((payload[2] & 0xff) << 8)
        | (payload[3] & 0xff);
  }

  /** The next frame, or null at a clean end of the stream (between frames). */
  static Frame read(DataInputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int length = in.readInt();
    if (length < 0 || length > MAX_PAYLOAD) {
      throw new IOException("bad frame length " + length);
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame((byte) type, payload);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    int n = count(in);
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_PAYLOAD) {
      throw new EOFException("bad count " + n);
    }
    return n;
  }
}
