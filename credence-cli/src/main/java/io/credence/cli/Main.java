package io.credence.cli;

import io.credence.CredenceException;
import io.credence.engine.Engine;
import io.credence.time.Instants;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code credence} command. Exit codes: 0 success, 1 refused or failed, 2 usage error. No stack
 * trace ever reaches a user: {@link #execute} maps every exception to a one-line message (set
 * {@code CREDENCE_DEBUG=1} to see traces).
 */
@Command(name = "credence", mixinStandardHelpOptions = true, version = "credence 0.1.0",
        description = "Conduct records to scores, tiers, lists and decisions, with due process.",
        subcommands = {RulebookCommand.class, IngestCommand.class, RetractCommand.class, ScoreCommand.class,
            ScoresCommand.class, ExplainCommand.class, CheckCommand.class, VerifyCommand.class,
            SimulateCommand.class, GenerateCommand.class, ServeCommand.class, KeysCommand.class, DisputesCommand.class, NoticesCommand.class,
            ReportsCommand.class, ReviewsCommand.class, RepairsCommand.class,
            TransparencyCommand.class, PeersCommand.class, AotTrainingCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    @Option(names = "--data", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The embedded store (default: $CREDENCE_DATA or ./credence-data).")
    Path data;

    Clock clock = Clock.systemUTC();

    Path dataDirectory() {
        if (data != null) {
            return data;
        }
        String env = System.getenv("CREDENCE_DATA");
        return Path.of(env == null || env.isBlank() ? "credence-data" : env);
    }

    Engine open(boolean create) {
        return Engine.open(dataDirectory(), create, clock);
    }

    public static void main(String[] args) {
        // stdout is buffered and flushed once at the end: scores and generate print millions of lines.
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(System.out,
                java.nio.charset.StandardCharsets.UTF_8), 1 << 16), false);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err,
                java.nio.charset.StandardCharsets.UTF_8), true);
        System.exit(execute(args, out, err));
    }

    /** Runs one command line; returns its exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(Main::exitCode);
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            err.println("credence: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run 'credence " + commandName(ex.getCommandLine()) + " --help' for usage.");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
            err.println("credence: " + message(ex));
            if (System.getenv("CREDENCE_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return exitCode(ex);
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String commandName(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        return qualified.startsWith("credence ") ? qualified.substring("credence ".length()) : "";
    }

    /** The one table from exceptions to exit codes. */
    static int exitCode(Throwable e) {
        if (e instanceof CommandLine.ParameterException || e instanceof UsageException) {
            return USAGE;
        }
        return REFUSED;
    }

    static String message(Throwable e) {
        if (e instanceof CredenceException || e instanceof UsageException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more with JAVA_OPTS=-Xmx...";
        }
        return "internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage();
    }

    /** A usage problem found after parsing (exit code 2). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Converts {@code --at} values; a bad instant is a usage error naming the option. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instants.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
