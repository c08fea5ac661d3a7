package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pins the engine's public surface: only the API package is exported. */
class ModuleExportsTest {
  @Test
  void moduleInfo_exportsOnlyTheApiPackage() throws IOException {
    ModuleDescriptor module;
    Path classes = Path.of(URI.create(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toString()));
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      module = ModuleDescriptor.read(in);
    }
    assertThat(module.name()).isEqualTo("dev.jwire.engine");
    assertThat(module.exports())
        .singleElement()
        .satisfies(e -> {
          assertThat(e.source()).isEqualTo("dev.jwire.engine");
          assertThat(e.isQualified()).isFalse();
        });
    assertThat(module.packages()).contains("dev.jwire.engine.internal");
    assertThat(module.opens()).isEmpty();
  }
}
