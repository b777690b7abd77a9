package vecnet.nn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the directory of a data set in the MNIST layout ({@link Mnist#FILE_NAMES}, each raw or gzip) by
 * name, e.g. {@code "mnist"} or {@code "fashion-mnist"}. Nothing is ever downloaded. The places, in order:
 * <ol>
 *   <li>{@code $VECNET_DATA/<name>}: the environment variable names a directory holding one folder per
 *       data set;</li>
 *   <li>{@code ../shared/data/<name>} and {@code ../../shared/data/<name>} relative to the working
 *       directory: a checkout with {@code shared/} beside it, run from the repository root or a module;</li>
 *   <li>{@code data/<name>} and {@code ../data/<name>}: a copy committed in the repository (MNIST is).</li>
 * </ol>
 * A directory given explicitly by the caller replaces the search and must hold the files.
 *
 * <p>Thread safety: stateless (static methods only; reads the environment and the file system): any
 * number of threads.
 */
public final class DataDirectory {
    /** Environment variable naming a directory with one folder per data set. */
    public static final String ENV_VAR = "VECNET_DATA";

    private final Path base;
    private final String env;

    /** A search relative to {@code base} (instead of the working directory) with {@code env} as $VECNET_DATA. */
    DataDirectory(Path base, String env) {
        this.base = base.toAbsolutePath().normalize();
        this.env = env == null || env.isBlank() ? null : env;
    }

    private static DataDirectory standard() {
        return new DataDirectory(Path.of(""), System.getenv(ENV_VAR));
    }

    /** The directory of data set {@code name} in the first place that holds it, or empty. */
    public static Optional<Path> find(String name) {
        return standard().search(name);
    }

    /**
     * The directory of data set {@code name} in the first place that holds it.
     *
     * @throws IllegalStateException if no place holds it; the message lists every place and why it failed
     */
    public static Path locate(String name) {
        return standard().resolve(name, null);
    }

    /**
     * {@code explicit} if not null (it must hold the data set's files), otherwise {@link #locate(String)}.
     *
     * @throws IllegalArgumentException if {@code explicit} is given but is not a directory with the files
     */
    public static Path locate(String name, Path explicit) {
        return standard().resolve(name, explicit);
    }

    Optional<Path> search(String name) {
        checkName(name);
        for (Path dir : candidates(name)) {
            if (dir != null && problem(dir) == null) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    Path resolve(String name, Path explicit) {
        checkName(name);
        if (explicit != null) {
            Path dir = base.resolve(explicit).normalize();
            String problem = problem(dir);
            if (problem != null) {
                throw new IllegalArgumentException("explicit data directory " + dir + " given for '" + name
                        + "' is not usable: " + problem);
            }
            return dir;
        }
        StringBuilder msg = new StringBuilder("data set '").append(name).append("' not found; looked in, in order:");
        for (Path dir : candidates(name)) {
            if (dir == null) {
                msg.append("\n  $").append(ENV_VAR).append('/').append(name).append(": ").append(ENV_VAR)
                        .append(" is not set");
                continue;
            }
            String problem = problem(dir);
            if (problem == null) {
                return dir;
            }
            msg.append("\n  ").append(dir).append(": ").append(problem);
        }
        msg.append("\nSet ").append(ENV_VAR).append(" to a directory holding ").append(name)
                .append("/, or pass the directory explicitly. Nothing is downloaded.");
        throw new IllegalStateException(msg.toString());
    }

    /** The places searched, in order; null stands for $VECNET_DATA when it is not set. */
    List<Path> candidates(String name) {
        List<Path> places = new ArrayList<>();
        places.add(env == null ? null : base.resolve(env).resolve(name).normalize());
        for (String rel : new String[] {"../shared/data", "../../shared/data", "data", "../data"}) {
            places.add(base.resolve(rel).resolve(name).normalize());
        }
        return places;
    }

    /** Why {@code dir} does not hold a data set, or null if it does. */
    private static String problem(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "no such directory";
        }
        List<String> missing = new ArrayList<>();
        for (String f : Mnist.FILE_NAMES) {
            if (!Files.isRegularFile(dir.resolve(f)) && !Files.isRegularFile(dir.resolve(f + ".gz"))) {
                missing.add(f + "[.gz]");
            }
        }
        return missing.isEmpty() ? null : "missing " + String.join(", ", missing);
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("data set name must be letters, digits, '.', '_' or '-' (not starting"
                    + " with '.', '_' or '-'), was " + (name == null ? "null" : "'" + name + "'"));
        }
    }
}
