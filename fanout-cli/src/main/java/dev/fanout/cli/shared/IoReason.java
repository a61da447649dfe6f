package dev.fanout.cli.shared;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;

/** Why a file could not be used, in the OS's few words, for a message that already names it. */
public final class IoReason {
  private IoReason() {}

  /**
   * The reason for {@code e}: {@code whenMissing} for a missing file (its wording depends on what
   * was missing: the file read, or the directory a file was to be written in), else "permission
   * denied", "not a valid path", the file system's own reason, or the message.
   */
  public static String of(Exception e, String whenMissing) {
    return switch (e) {
      case NoSuchFileException n -> whenMissing;
      case AccessDeniedException a -> "permission denied";
      case InvalidPathException i -> "not a valid path";
      case FileSystemException f when f.getReason() != null -> f.getReason();
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
