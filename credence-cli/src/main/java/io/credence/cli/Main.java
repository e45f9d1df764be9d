package io.credence.cli;

import io.credence.CredenceException;
import io.credence.engine.Engine;
import io.credence.time.Instants;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
        description = "Conduct records to scores, tiers, lists and decisions, with due process.")
public final class Main {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    /**
     * The subcommands, in the order help lists them. picocli builds a command's model by reflection,
     * interpreted: its classes are compiled for Java 5, which the JDK's start-up caches do not hold.
     * Building all twenty models took a third of a second of every run; a command line naming one
     * gets only that one's (see {@link #commandLine}).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RulebookCommand.class, IngestCommand.class,
            RetractCommand.class, ScoreCommand.class, ScoresCommand.class, ExplainCommand.class, CheckCommand.class,
            VerifyCommand.class, SimulateCommand.class, GenerateCommand.class, ServeCommand.class, KeysCommand.class,
            DisputesCommand.class, NoticesCommand.class, ReportsCommand.class, ReviewsCommand.class,
            RepairsCommand.class, TransparencyCommand.class, PeersCommand.class, AotTrainingCommand.class,
            CommandLine.HelpCommand.class);

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
        CommandLine commandLine = commandLine(args);
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

    /**
     * The command line for these arguments: with only the subcommand they name when the first word
     * that is not an option names one, otherwise (no command, a misspelt one, help) with all, so that
     * usage, suggestions and help see every command.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        String word = commandWord(args);
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (word == null || subcommand.getAnnotation(Command.class).name().equals(word)) {
                commandLine.addSubcommand(subcommand);
            }
        }
        if (commandLine.getSubcommands().isEmpty()) { // not a command: let picocli say so, with suggestions
            SUBCOMMANDS.forEach(commandLine::addSubcommand);
        }
        return commandLine;
    }

    /** The first argument that is neither an option nor {@code --data}'s value; null if none or help. */
    private static String commandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--data")) {
                i++;
            } else if (arg.equals("--")) {
                return null;
            } else if (!arg.startsWith("-")) {
                return arg.equals("help") ? null : arg;
            }
        }
        return null;
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
