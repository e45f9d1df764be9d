package io.credence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core is pure: no files, sockets, databases, clocks or JSON library. Checked on the compiled
 * classes' constant pools, so a stray import anywhere in the core fails the build.
 */
class CoreHasNoIoTest {
    private static final List<String> FORBIDDEN = List.of("java/io/File", "java/nio/file/", "java/net/", "java/sql/",
            "com/fasterxml/", "org/sqlite/", "java/time/Clock", "currentTimeMillis");

    @Test
    void coreClassesReferenceNoIo() throws IOException {
        Path classes = Path.of("target", "classes");
        assertThat(classes).isDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".class")).toList();
            assertThat(all).hasSizeGreaterThan(20);
            for (Path file : all) {
                String pool = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String forbidden : FORBIDDEN) {
                    assertThat(pool).as("%s refers to %s", file, forbidden).doesNotContain(forbidden);
                }
            }
        }
    }
}
