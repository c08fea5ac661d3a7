package dev.jwire.engine;

/**
 * Base of jwire's own exceptions. Each names the wire it concerns by its path.
 */
public class WireException extends RuntimeException {
  private final String path;

  /**
   * @param path the path of the wire concerned, e.g. {@code poll#3 > then[1]}
   * @param message what happened and what to do
   * @param cause the underlying error, or null
   */
  public WireException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** @return the path of the wire concerned, e.g. {@code poll#3 > then[1] > repeat 2/4} */
  public String path() {
    return path;
  }
}
