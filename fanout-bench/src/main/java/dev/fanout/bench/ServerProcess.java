package dev.fanout.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DelayServer} in a child JVM, so that the server's work does not compete with the client
 * being measured inside one process. The child dies when this closes (its stdin is closed).
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  final URI http;
  final URI https;

  private ServerProcess(Process process, URI http, URI https) {
    this.process = process;
    this.http = http;
    this.https = https;
  }

  static ServerProcess start(String... serverArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dslf4j.internal.verbosity=ERROR");
    command.add(DelayServer.class.getName());
    command.addAll(List.of(serverArgs));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("listening ")) {
        String[] parts = line.substring("listening ".length()).split(" ");
        return new ServerProcess(
            process, URI.create(parts[0]), parts.length > 1 ? URI.create(parts[1]) : null);
      }
    }
    process.destroyForcibly();
    throw new IOException("the server process ended before it was listening");
  }

  /** CPU time the server process has used so far, in milliseconds (-1 when the OS does not say). */
  long cpuMillis() {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .map(java.time.Duration::toMillis)
        .orElse(-1L);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
