package io.credence.cli;

import io.credence.codec.Json;
import io.credence.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** What every command shares: the root options, the streams, reading files, printing JSON. */
abstract class BaseCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Main root() {
        return (Main) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Engine open(boolean create) {
        return root().open(create);
    }

    Instant now() {
        return root().clock.instant();
    }

    Instant atOrNow(Instant at) {
        return at == null ? now() : at;
    }

    void printJson(Object value) {
        out().println(Json.write(value));
    }

    /** An optional {@code --status} value as an enum constant (null when absent); a bad one is a usage error. */
    static <E extends Enum<E>> E status(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--status must be one of " + String.join(", ", java.util.Arrays.stream(
                    type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList())
                    + "; got " + value);
        }
    }

    static String readFile(String file) {
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new FileProblem("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new FileProblem("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A file named on the command line cannot be read (exit code 1). */
    static final class FileProblem extends io.credence.CredenceException {
        private static final long serialVersionUID = 1L;

        FileProblem(String message) {
            super(io.credence.ErrorCode.BAD_INPUT, message);
        }
    }
}
