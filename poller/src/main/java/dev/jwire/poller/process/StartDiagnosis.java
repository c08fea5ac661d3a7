package dev.jwire.poller.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Why a program did not start, in words the user can act on. The JDK looks a program name up in
 * the JVM's own {@code PATH} (not the command's environment), as done here.
 */
final class StartDiagnosis {
  private StartDiagnosis() {}

  /** @return the diagnosis, or null if none of the usual reasons applies */
  static String of(Command command) {
    try {
      Path dir = command.directory();
      if (dir != null && !Files.isDirectory(dir)) {
        return "the directory does not exist";
      }
      String program = command.program();
      if (program.indexOf('/') >= 0) {
        Path p = Path.of(program);
        return file(dir != null && !p.isAbsolute() ? dir.resolve(p) : p);
      }
      return onPath(program);
    } catch (InvalidPathException | SecurityException e) {
      return null;
    }
  }

  private static String file(Path p) {
    if (!Files.exists(p)) {
      return "no such file";
    }
    if (Files.isDirectory(p) || !Files.isExecutable(p)) {
      return "not an executable file";
    }
    return null;
  }

  private static String onPath(String program) {
    String path = System.getenv("PATH");
    String found = null;
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(p)) {
        if (Files.isExecutable(p)) {
          return null; // there, and executable: something else went wrong
        }
        found = p.toString();
      }
    }
    return found != null ? "not executable: " + found : "not found on the PATH";
  }
}
