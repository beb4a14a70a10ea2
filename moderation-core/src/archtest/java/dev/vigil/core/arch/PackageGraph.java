package dev.vigil.core.arch;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between the packages of one module, read from its compiled class files' constant
 * pools (no ArchUnit: the build runs offline without it). A class depends on every class its
 * constant pool names, as a class entry or inside a descriptor or generic signature; string
 * constants do not count. For the architecture tests of each module.
 */
public final class PackageGraph {
  private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

  /** class (binary name with dots) → the classes it names. */
  private final Map<String, Set<String>> classRefs;

  private final String rootPackage;

  private PackageGraph(String rootPackage, Map<String, Set<String>> classRefs) {
    this.rootPackage = rootPackage;
    this.classRefs = classRefs;
  }

  /**
   * The graph of the classes under {@code rootPackage} in the directory or jar that holds {@code
   * member}.
   */
  public static PackageGraph ofModuleOf(Class<?> member, String rootPackage) throws IOException {
    Path location;
    try {
      location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isDirectory(location)) {
      return read(location, rootPackage);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return read(jar.getPath("/"), rootPackage);
    }
  }

  private static PackageGraph read(Path root, String rootPackage) throws IOException {
    Map<String, Set<String>> refs = new TreeMap<>();
    Path base = root.resolve(rootPackage.replace('.', '/'));
    try (Stream<Path> files = Files.walk(base)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name = root.relativize(f).toString().replace('\\', '/');
        name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        if (name.endsWith("package-info") || name.endsWith("module-info")) {
          continue;
        }
        try (InputStream in = Files.newInputStream(f)) {
          Set<String> named = namedClasses(in);
          named.remove(name);
          refs.put(name, named);
        }
      }
    }
    return new PackageGraph(rootPackage, refs);
  }

  /** The classes a class file's constant pool names (binary names with dots). */
  static Set<String> namedClasses(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classEntries = new ArrayList<>();
    List<Integer> descriptorEntries = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classEntries.add(in.readUnsignedShort());
        case 8, 19, 20 -> in.readUnsignedShort(); // string, module, package: not type references
        case 16 -> descriptorEntries.add(in.readUnsignedShort()); // method type
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 9, 10, 11, 17, 18 -> in.readInt();
        case 12 -> { // name and type
          in.readUnsignedShort();
          descriptorEntries.add(in.readUnsignedShort());
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> named = new TreeSet<>();
    for (int idx : classEntries) {
      String s = utf8[idx];
      if (s.startsWith("[")) {
        addDescriptorTypes(s, named);
      } else {
        named.add(s.replace('/', '.'));
      }
    }
    for (int idx : descriptorEntries) {
      addDescriptorTypes(utf8[idx], named);
    }
    // Field and method descriptors, generic signatures and annotation types stand as bare UTF-8
    // entries.
    for (String s : utf8) {
      if (s != null
          && (s.startsWith("(") || s.startsWith("L") || s.startsWith("[") || s.startsWith("<"))
          && s.indexOf(';') > 0
          && s.indexOf(' ') < 0) {
        addDescriptorTypes(s, named);
      }
    }
    return named;
  }

  private static void addDescriptorTypes(String descriptor, Set<String> into) {
    Matcher m = TYPE_IN_DESCRIPTOR.matcher(descriptor);
    while (m.find()) {
      into.add(m.group(1).replace('/', '.'));
    }
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /** The module's packages, each with the module packages it depends on. */
  public Map<String, Set<String>> packageDependencies() {
    Map<String, Set<String>> deps = new TreeMap<>();
    classRefs.forEach(
        (cls, refs) -> {
          String from = packageOf(cls);
          Set<String> out = deps.computeIfAbsent(from, k -> new TreeSet<>());
          for (String r : refs) {
            String to = packageOf(r);
            if (!to.equals(from)
                && (to.equals(rootPackage) || to.startsWith(rootPackage + "."))
                && classRefs.containsKey(r)) {
              out.add(to);
            }
          }
        });
    return deps;
  }

  /**
   * Every package cycle, each as its strongly connected set of packages followed by the class
   * references that make it up ({@code a.X -> b.Y}), so a failure names where to cut; empty when
   * the packages form a DAG.
   */
  public List<String> cycles() {
    Map<String, Set<String>> deps = packageDependencies();
    List<String> found = new ArrayList<>();
    for (Set<String> scc : stronglyConnected(deps)) {
      if (scc.size() < 2) {
        continue;
      }
      StringBuilder sb = new StringBuilder("cycle among " + scc + ":");
      classRefs.forEach(
          (cls, refs) -> {
            for (String r : refs) {
              String from = packageOf(cls);
              String to = packageOf(r);
              if (!from.equals(to)
                  && scc.contains(from)
                  && scc.contains(to)
                  && classRefs.containsKey(r)) {
                sb.append("\n    ").append(cls).append(" -> ").append(r);
              }
            }
          });
      found.add(sb.toString());
    }
    return found;
  }

  /**
   * Every reference from a module class to a class whose name starts with one of {@code prefixes}.
   */
  public List<String> referencesTo(List<String> prefixes) {
    List<String> found = new ArrayList<>();
    classRefs.forEach(
        (cls, refs) -> {
          for (String r : refs) {
            if (prefixes.stream().anyMatch(r::startsWith)) {
              found.add(cls + " -> " + r);
            }
          }
        });
    return found;
  }

  /**
   * Tarjan's algorithm (recursive: a module has a few dozen packages): the strongly connected
   * components.
   */
  private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] next = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, graph, index, low, stack, onStack, out, next);
      }
    }
    return out;
  }

  private static void strongConnect(
      String v,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> out,
      int[] next) {
    index.put(v, next[0]);
    low.put(v, next[0]);
    next[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, graph, index, low, stack, onStack, out, next);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> scc = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        scc.add(w);
      } while (!w.equals(v));
      out.add(scc);
    }
  }
}
