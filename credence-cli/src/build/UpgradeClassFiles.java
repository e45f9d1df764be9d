import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the classes of a jar under a package prefix that are older than class-file version 50 (Java 6) to version 52
 * (Java 8), with the stack maps that version requires: picocli is compiled for Java 5, and the JDK's
 * start-up caches hold no class that old, so every command loaded and verified picocli from the jar
 * (about 0.2 s). A class the rewrite cannot handle is left as it was. Run by the build on JDK 24 and
 * later (java.lang.classfile): {@code java UpgradeClassFiles.java JAR PREFIX}.
 */
public class UpgradeClassFiles {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String prefix = args[1];
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        int kept = 0;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            ClassFile files = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class") && bytes.length > 8
                        && major(bytes) < 50) {
                    try {
                        ClassModel model = files.parse(bytes);
                        bytes = files.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen(ClassTransform.endHandler(builder -> builder.withVersion(52, 0))));
                        upgraded++;
                    } catch (RuntimeException e) {
                        kept++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        if (kept > 0) { // still correct, only not cached: say so in the build's output
            System.out.println("UpgradeClassFiles: upgraded " + upgraded + " classes, kept " + kept + " as they were");
        }
    }

    private static int major(byte[] bytes) {
        return (bytes[6] & 0xFF) << 8 | bytes[7] & 0xFF;
    }
}
