import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step (trainer-cli's pom, package phase; run as a source file with ASM on the class path): rewrites the class
 * files of a jar that are older than Java 6 (picocli's are version 49) as version 52 with stack map frames computed.
 * The JVM's AppCDS archive (./chatdissect) cannot hold version-49 classes, so they were parsed and checked by the old
 * inferencing verifier at every start; once rewritten they are archived and verified at dump time. The code itself is
 * unchanged. Each rewritten class is loaded and initialised (so verified) before the jar is replaced; on any problem
 * the jar stays as it was and a warning is printed. A jar with nothing older than version 50 is left untouched.
 *
 * <p>Usage: {@code java -cp asm.jar UpgradeClassFiles.java JAR...}
 */
public final class UpgradeClassFiles {
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            Path jar = Path.of(a);
            try {
                upgrade(jar);
            } catch (Exception | LinkageError e) {
                System.err.println("[WARNING] UpgradeClassFiles: " + jar + " left as it was: " + e);
            }
        }
    }

    private static void upgrade(Path jar) throws Exception {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        List<String> classes = new ArrayList<>();
        try (URLClassLoader original = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
             JarFile in = new JarFile(jar.toFile());
             OutputStream os = Files.newOutputStream(tmp);
             JarOutputStream out = new JarOutputStream(os)) {
            for (JarEntry e : Collections.list(in.entries())) {
                byte[] b = in.getInputStream(e).readAllBytes();
                String name = e.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && b.length > 8
                        && (((b[6] & 0xFF) << 8) | (b[7] & 0xFF)) < Opcodes.V1_6) {
                    b = rewrite(b, original);
                    upgraded++;
                    classes.add(name.substring(0, name.length() - 6).replace('/', '.'));
                }
                JarEntry o = new JarEntry(name);
                o.setTime(e.getTime());
                out.putNextEntry(o);
                out.write(b);
                out.closeEntry();
            }
        }
        if (upgraded == 0) {
            Files.delete(tmp);
            return;
        }
        try (URLClassLoader check = new URLClassLoader(new URL[] {tmp.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String c : classes) {
                Class.forName(c, true, check); // links, so verifies with the split verifier
            }
        } catch (Exception | LinkageError e) {
            Files.delete(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("[INFO] UpgradeClassFiles: " + jar.getFileName() + ": " + upgraded
                + " class files rewritten as version 52 with stack map frames");
    }

    private static byte[] rewrite(byte[] b, ClassLoader loader) {
        ClassReader r = new ClassReader(b);
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        r.accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return w.toByteArray();
    }
}
