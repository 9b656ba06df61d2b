package dev.payhooks.apicheck;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The public API of every published library module, compared with the checked-in file
 * {@code <module>/api/<module name>.api}: the public and protected types of the packages the
 * module descriptor exports to everyone, and their public and protected members, as JVM
 * descriptors and generic signatures, read from the class files (nothing is loaded). A change to
 * the API fails this test until the file is regenerated, so every API change is a reviewed diff.
 */
class PublicApiTest {

    static final String UPDATE_COMMAND = "mvn -B -pl api-check -am verify -Dtest=PublicApiTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dpayhooks.api.update=true";

    private static final Path ROOT = Path.of(System.getProperty("payhooks.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyPublishedLibraryModuleMatchesItsApiFile() throws IOException {
        boolean update = Boolean.parseBoolean(System.getProperty("payhooks.api.update", "false"));
        List<String> problems = new ArrayList<>();
        List<ModuleArtifact> modules = publishedModules();
        Map<String, byte[]> everyClass = new TreeMap<>();
        Set<String> apiTypes = new TreeSet<>();
        for (ModuleArtifact artifact : modules) {
            for (Map.Entry<String, byte[]> classFile : classFiles(artifact.classes()).entrySet()) {
                everyClass.put(classFile.getKey(), classFile.getValue());
                String name = classFile.getKey();
                boolean exported = artifact.exports().contains(name.lastIndexOf('/') < 0 ? "" : name.substring(0, name.lastIndexOf('/')));
                if (exported && (new ClassReader(classFile.getValue()).getAccess() & Opcodes.ACC_PUBLIC) != 0) {
                    apiTypes.add(name);
                }
            }
        }
        for (ModuleArtifact artifact : modules) {
            String dump = dump(artifact, everyClass, apiTypes);
            Path file = artifact.moduleDirectory().resolve("api").resolve(artifact.moduleName() + ".api");
            if (update) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, dump, StandardCharsets.UTF_8);
                continue;
            }
            if (!Files.exists(file)) {
                problems.add(ROOT.relativize(file) + " is missing (a new module?)");
                continue;
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(dump)) {
                problems.add(ROOT.relativize(file) + " differs from the module's API:\n" + difference(expected, dump));
            }
        }
        if (!problems.isEmpty()) {
            fail("The public API changed. If the change is intended, regenerate the API files with\n  " + UPDATE_COMMAND
                    + "\nand commit them with the change (and a CHANGELOG entry).\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    void everyLibraryInTheBomIsChecked() throws IOException {
        // The BOM lists what is published; every library module in it (not the CLI application,
        // which has no module descriptor and no API) must be a dependency of this module.
        String bom = Files.readString(Path.of(System.getProperty("payhooks.bom", ROOT.resolve("bom/pom.xml").toString())));
        Set<String> published = new TreeSet<>();
        Matcher artifactIds = Pattern.compile("<artifactId>(payhooks-[a-z0-9-]+)</artifactId>").matcher(bom);
        while (artifactIds.find()) {
            published.add(artifactIds.group(1));
        }
        published.remove("payhooks-bom");
        published.remove("payhooks-cli");
        Set<String> checked = new TreeSet<>();
        for (ModuleArtifact artifact : publishedModules()) {
            checked.add(artifact.artifactId());
        }
        assertThat(checked).as("add every library of the BOM to api-check/pom.xml").containsAll(published);
    }

    /** One published module on the test class path: its jar (or classes directory) and where it lives. */
    record ModuleArtifact(String artifactId, Path moduleDirectory, Path classes, String moduleName, Set<String> exports) {
    }

    private static List<ModuleArtifact> publishedModules() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<ModuleArtifact> modules = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            Path target = path.getParent();
            if (target == null || !target.getFileName().toString().equals("target") || !path.startsWith(ROOT)) {
                continue;
            }
            Path moduleDirectory = target.getParent();
            if (moduleDirectory.equals(ROOT.resolve("api-check"))) {
                continue;
            }
            String artifactId = artifactId(moduleDirectory);
            byte[] descriptor = read(path, "module-info.class");
            if (descriptor == null) {
                continue;
            }
            String[] name = new String[1];
            Set<String> exports = new TreeSet<>();
            new ClassReader(descriptor).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public ModuleVisitor visitModule(String moduleName, int access, String version) {
                    name[0] = moduleName;
                    return new ModuleVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitExport(String packaze, int exportAccess, String... toModules) {
                            if (toModules == null || toModules.length == 0) {
                                exports.add(packaze);
                            }
                        }
                    };
                }
            }, 0);
            modules.add(new ModuleArtifact(artifactId, moduleDirectory, path, name[0], exports));
        }
        return modules;
    }

    private static String artifactId(Path moduleDirectory) throws IOException {
        String pom = Files.readString(moduleDirectory.resolve("pom.xml"));
        // The module's own artifactId is the first one after the parent element.
        Matcher own = Pattern.compile("</parent>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL).matcher(pom);
        return own.find() ? own.group(1) : moduleDirectory.getFileName().toString();
    }

    /**
     * The module's API as sorted text: one block per type, one line per member. A public class also
     * lists the public members it inherits from a superclass that is not itself API (a
     * package-private builder base, a base in a package exported only to payhooks modules): they
     * are callable on the class, so they are part of its promise.
     */
    static String dump(ModuleArtifact artifact, Map<String, byte[]> everyClass, Set<String> apiTypes) throws IOException {
        Map<String, String> types = new TreeMap<>();
        for (Map.Entry<String, byte[]> classFile : classFiles(artifact.classes()).entrySet()) {
            String className = classFile.getKey();
            int slash = className.lastIndexOf('/');
            String packaze = slash < 0 ? "" : className.substring(0, slash);
            if (!artifact.exports().contains(packaze)) {
                continue;
            }
            String block = describe(classFile.getValue(), everyClass, apiTypes);
            if (block != null) {
                types.put(className, block);
            }
        }
        StringBuilder text = new StringBuilder("# The public API of ").append(artifact.moduleName())
                .append(" (").append(artifact.artifactId()).append("), generated; regenerate with\n# ").append(UPDATE_COMMAND)
                .append("\n");
        for (String block : types.values()) {
            text.append('\n').append(block);
        }
        return text.toString();
    }

    private static String describe(byte[] classFile, Map<String, byte[]> everyClass, Set<String> apiTypes) {
        ClassReader reader = new ClassReader(classFile);
        int classAccess = reader.getAccess();
        if ((classAccess & Opcodes.ACC_PUBLIC) == 0 || (classAccess & Opcodes.ACC_SYNTHETIC) != 0) {
            return null;
        }
        boolean[] hidden = {false};
        int[] innerAccess = {classAccess};
        StringBuilder header = new StringBuilder();
        Set<String> members = new TreeSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                header.append(name);
                if (signature != null) {
                    header.append(" signature ").append(signature);
                } else {
                    if (superName != null && !superName.equals("java/lang/Object")) {
                        header.append(" extends ").append(superName);
                    }
                    if (interfaces != null && interfaces.length > 0) {
                        header.append(" implements ").append(String.join(", ", interfaces));
                    }
                }
            }

            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
                // A nested type's real modifiers (private, protected, static) are in this attribute.
                if (name.equals(reader.getClassName())) {
                    innerAccess[0] = access;
                    if ((access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0) {
                        hidden[0] = true;
                    }
                }
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                if (visible(access)) {
                    members.add(modifiers(access) + "field " + name + " " + (signature != null ? signature : descriptor)
                            + (value != null ? " = " + value : ""));
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (visible(access) && (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0) {
                    members.add(modifiers(access) + "method " + name + " " + descriptor
                            + (signature != null ? " signature " + signature : "")
                            + (exceptions != null && exceptions.length > 0 ? " throws " + String.join(", ", exceptions) : ""));
                }
                return null;
            }

            private boolean visible(int access) {
                return (access & Opcodes.ACC_PUBLIC) != 0
                        || (access & Opcodes.ACC_PROTECTED) != 0 && (innerAccess[0] & Opcodes.ACC_FINAL) == 0;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (hidden[0]) {
            return null;
        }
        boolean subclassable = (innerAccess[0] & Opcodes.ACC_FINAL) == 0;
        Set<String> declared = new TreeSet<>();
        for (String member : members) {
            declared.add(nameAndDescriptor(member));
        }
        for (String superName = reader.getSuperName(); superName != null && everyClass.containsKey(superName); ) {
            ClassReader base = new ClassReader(everyClass.get(superName));
            if (apiTypes.contains(superName)) {
                break; // listed in its own block
            }
            String from = superName;
            base.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    boolean visible = (access & Opcodes.ACC_PUBLIC) != 0 || (access & Opcodes.ACC_PROTECTED) != 0 && subclassable;
                    if (visible && !name.startsWith("<") && (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0
                            && declared.add(name + " " + descriptor)) {
                        members.add(modifiers(access) + "method " + name + " " + descriptor
                                + (signature != null ? " signature " + signature : "")
                                + (exceptions != null && exceptions.length > 0 ? " throws " + String.join(", ", exceptions) : "")
                                + " inherited from " + from);
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            superName = base.getSuperName();
        }
        StringBuilder block = new StringBuilder(modifiers(innerAccess[0]) + kind(innerAccess[0]) + " " + header + " {\n");
        for (String member : members) {
            block.append("    ").append(member).append('\n');
        }
        return block.append("}\n").toString();
    }

    /** {@code name descriptor} of a member line, to find what a class declares itself. */
    private static String nameAndDescriptor(String member) {
        String[] words = member.substring(member.indexOf("method ") < 0 ? 0 : member.indexOf("method ") + 7).split(" ");
        return words.length >= 2 ? words[0] + " " + words[1] : member;
    }

    private static String kind(int access) {
        if ((access & Opcodes.ACC_ANNOTATION) != 0) {
            return "@interface";
        }
        if ((access & Opcodes.ACC_INTERFACE) != 0) {
            return "interface";
        }
        if ((access & Opcodes.ACC_ENUM) != 0) {
            return "enum";
        }
        return "class";
    }

    private static String modifiers(int access) {
        StringBuilder text = new StringBuilder();
        text.append((access & Opcodes.ACC_PUBLIC) != 0 ? "public " : "protected ");
        if ((access & Opcodes.ACC_STATIC) != 0) {
            text.append("static ");
        }
        if ((access & Opcodes.ACC_FINAL) != 0 && (access & Opcodes.ACC_ENUM) == 0) {
            text.append("final ");
        }
        if ((access & Opcodes.ACC_ABSTRACT) != 0 && (access & Opcodes.ACC_INTERFACE) == 0) {
            text.append("abstract ");
        }
        return text.toString();
    }

    /** Every class file of a jar or classes directory, by internal name. */
    private static Map<String, byte[]> classFiles(Path classes) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path file : (Iterable<Path>) walk::iterator) {
                    String relative = classes.relativize(file).toString().replace(File.separatorChar, '/');
                    if (relative.endsWith(".class") && !relative.endsWith("module-info.class")
                            && !relative.startsWith("META-INF/")) {
                        files.put(relative.substring(0, relative.length() - ".class".length()), Files.readAllBytes(file));
                    }
                }
            }
            return files;
        }
        try (ZipFile jar = new ZipFile(classes.toFile())) {
            for (ZipEntry entry : jar.stream().map(ZipEntry.class::cast).toList()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    private static byte[] read(Path classes, String name) {
        try {
            if (Files.isDirectory(classes)) {
                Path file = classes.resolve(name);
                return Files.exists(file) ? Files.readAllBytes(file) : null;
            }
            if (!classes.toString().endsWith(".jar")) {
                return null;
            }
            try (ZipFile jar = new ZipFile(classes.toFile())) {
                ZipEntry entry = jar.getEntry(name);
                if (entry == null) {
                    return null;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines only in one of the two texts, at most 40, marked - (was) and + (is). */
    private static String difference(String expected, String actual) {
        List<String> was = expected.lines().toList();
        List<String> is = actual.lines().toList();
        Set<String> wasSet = new TreeSet<>(was);
        Set<String> isSet = new TreeSet<>(is);
        List<String> lines = new ArrayList<>();
        for (String line : was) {
            if (!isSet.contains(line)) {
                lines.add("- " + line);
            }
        }
        for (String line : is) {
            if (!wasSet.contains(line)) {
                lines.add("+ " + line);
            }
        }
        if (lines.isEmpty()) {
            lines.add("(the same lines in another order or count)");
        }
        return String.join("\n", lines.subList(0, Math.min(lines.size(), 40)))
                + (lines.size() > 40 ? "\n... " + (lines.size() - 40) + " more" : "");
    }
}
