package org.chatdissect.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.chatdissect.core.capture.CaptureFormatException;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.classify.UserSessions;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.json.SignatureJson;
import scala.Tuple2;

/**
 * {@code chatdissect classify --engine spark}: the local classifier's job distributed on Spark. One capture file
 * is one task (pcap has no sync markers, so files are not split). Map: {@link FileClassifier} per file gives
 * final flows and {@link Fragment}s of flows that may cross a file edge. Merge: fragments grouped by 5-tuple,
 * rebuilt by {@link FragmentMerger}. The driver streams the flows sorted by first frame into the report
 * directory ({@link ResultWriter}). Design: docs/design/spark.md.
 */
public final class SparkClassifier {
    private final SparkSession spark;
    private final List<SignatureSet> sets;
    private final FlowTableConfig config;
    private final long associationIdleNanos;
    private final int partitions;

    /**
     * @param associationIdleNanos lifetime of an unused endpoint association (the local engine's {@code
     *                             --association-idle})
     * @param partitions           shuffle partitions of the merge and the sort; 0 = Spark's default parallelism
     */
    public SparkClassifier(SparkSession spark, List<SignatureSet> sets, FlowTableConfig config,
            long associationIdleNanos, int partitions) {
        if (associationIdleNanos <= 0) {
            throw new IllegalArgumentException("association idle time must be positive");
        }
        this.spark = spark;
        this.sets = List.copyOf(sets);
        this.config = config;
        this.associationIdleNanos = associationIdleNanos;
        this.partitions = partitions;
    }

    /** What the executors need, shipped in the closure: signatures as JSON text, timeouts, the file list. */
    record Job(List<String> signatureJson, long tcp, long udp, long closing, int maxFlows, int bufBytes, int bufSegs,
            long associationIdle, FileClassifier.Limits limits, List<String> files) implements Serializable {
        private static final Map<List<String>, CompiledSignatures> COMPILED = new ConcurrentHashMap<>();

        CompiledSignatures sigs() {
            return COMPILED.computeIfAbsent(signatureJson, js -> {
                List<SignatureSet> ss = new ArrayList<>();
                for (String j : js) {
                    try {
                        ss.add(SignatureJson.parse(j, "signatures"));
                    } catch (SignatureFileException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return CompiledSignatures.compile(ss);
            });
        }

        FlowTableConfig config() {
            return new FlowTableConfig(tcp, udp, closing, maxFlows, bufBytes, bufSegs);
        }

        /** Pass 1: the tuples near the file's edges. */
        Iterator<EdgeScan.Seen> scan(int index) throws IOException {
            return withLocalFile(index, p -> EdgeScan.scan(p, index, config()).iterator(), List.<EdgeScan.Seen>of().iterator());
        }

        interface LocalWork<T> {
            T apply(Path local) throws IOException;
        }

        /** Runs {@code work} on a local copy of input {@code index} (remote files are copied to the executor). */
        <T> T withLocalFile(int index, LocalWork<T> work, T ifNotCapture) throws IOException {
            String name = files.get(index);
            Path local = null;
            boolean copied = false;
            try {
                if (isLocal(name)) {
                    local = Path.of(name.startsWith("file:") ? URI.create(name).getPath() : name);
                } else {
                    local = Files.createTempFile("chatdissect-", ".cap");
                    copied = true;
                    org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(name);
                    try (InputStream in = hp.getFileSystem(new Configuration()).open(hp)) {
                        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                try {
                    return work.apply(local);
                } catch (CaptureFormatException e) {
                    return ifNotCapture;
                }
            } finally {
                if (copied) {
                    Files.deleteIfExists(local);
                }
            }
        }

        Iterator<Out> classify(int index, EdgeScan.FileEdges edges) throws IOException {
            String name = files.get(index);
            List<Out> out = new ArrayList<>();
            FileClassifier fc = new FileClassifier(sigs(), config(), associationIdle, limits);
            FileClassifier.FileStats st = withLocalFile(index, p -> fc.classify(p, index, name, edges.head(),
                    edges.tail(), r -> out.add(new Out(r, null, null)), f -> out.add(new Out(null, f, null))), null);
            if (st == null) {
                out.clear();
                st = new FileClassifier.FileStats(index, name, 0, 0, Map.of(), List.of(name + ": not a capture (skipped)"),
                        true, 0, 0, 0);
            }
            out.add(new Out(null, null, st));
            return out.iterator();
        }
    }

    /** One map output: a final flow, a fragment, or a file's accounting. */
    record Out(FinishedFlow row, Fragment fragment, FileClassifier.FileStats stats) implements Serializable {}

    static boolean isLocal(String p) {
        int c = p.indexOf(':');
        int s = p.indexOf('/');
        return c < 0 || (s >= 0 && s < c) || p.startsWith("file:") || (c == 1 && p.length() > 2); // C:\ on Windows
    }

    /** Expands the inputs on the driver: local ones as the local classifier does, others through Hadoop. */
    public List<String> expand(List<String> inputs) throws IOException {
        List<String> out = new ArrayList<>();
        for (String in : inputs) {
            if (isLocal(in) && !in.startsWith("file:")) {
                for (Path p : Classifier.expand(List.of(Path.of(in)))) {
                    out.add(p.toString());
                }
                continue;
            }
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(in);
            FileSystem fs = hp.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus st = fs.getFileStatus(hp);
            if (st.isFile()) {
                out.add(st.getPath().toString());
            } else {
                List<String> found = new ArrayList<>();
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(hp, true);
                while (it.hasNext()) {
                    found.add(it.next().getPath().toString());
                }
                found.sort(Comparator.naturalOrder());
                out.addAll(found);
            }
        }
        return out;
    }

    private long edgeTuples;
    private double[] seconds = new double[3];
    private long fragments;
    private long fragmentBytes;

    /** Of the last run: tuple appearances paired across file edges, fragments, and bytes of their packet logs. */
    public String lastRunNote() {
        return String.format(java.util.Locale.ROOT, "%d edge tuple appearances, %d fragments, %.1f MB of packet logs;"
                + " pass 1 %.1f s, map %.1f s, merge+sort+write %.1f s", edgeTuples, fragments, fragmentBytes / 1e6,
                seconds[0], seconds[1], seconds[2]);
    }

    public ClassificationResult run(List<String> inputs, String outDir) throws IOException {
        List<String> files = expand(inputs);
        CompiledSignatures sigs = CompiledSignatures.compile(sets);
        List<String> json = sets.stream().map(SignatureJson::toJson).toList();
        Job job = new Job(json, config.tcpIdleTimeoutNanos(), config.udpIdleTimeoutNanos(),
                config.tcpClosingTimeoutNanos(), config.maxFlows(), config.maxBufferedBytes(),
                config.maxBufferedSegments(), associationIdleNanos, FileClassifier.Limits.defaults(sigs, sets), files);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parts = partitions > 0 ? partitions : jsc.defaultParallelism();
        List<Integer> indices = IntStream.range(0, files.size()).boxed().toList();
        long t0 = System.nanoTime();
        // pass 1: tuples near file edges, paired across consecutive files (a shuffle of edge tuples only)
        List<EdgeScan.Edge> edgeList = jsc.parallelize(indices, Math.max(1, files.size())).flatMap(job::scan)
                .mapToPair(s -> new Tuple2<>(s.key(), s)).groupByKey(parts)
                .flatMap(g -> {
                    List<EdgeScan.Seen> l = new ArrayList<>();
                    g._2().forEach(l::add);
                    return EdgeScan.edges(l, job.config()).iterator();
                }).collect();
        Map<Integer, EdgeScan.FileEdges> byFile = new java.util.HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            byFile.put(i, new EdgeScan.FileEdges(new java.util.HashSet<>(), new java.util.HashSet<>()));
        }
        for (EdgeScan.Edge e : edgeList) {
            EdgeScan.FileEdges fe = byFile.get(e.fileIndex());
            (e.head() ? fe.head() : fe.tail()).add(e.key());
        }
        edgeTuples = edgeList.size();
        long t1 = System.nanoTime();
        org.apache.spark.broadcast.Broadcast<Map<Integer, EdgeScan.FileEdges>> edges = jsc.broadcast(byFile);
        // pass 2: classification; only edge tuples log packets
        JavaRDD<Out> mapped = jsc.parallelize(indices, Math.max(1, files.size()))
                .flatMap(i -> job.classify(i, edges.value().get(i)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<FileClassifier.FileStats> stats = new ArrayList<>(
                    mapped.filter(o -> o.stats() != null).map(Out::stats).collect());
            stats.sort(Comparator.comparingInt(FileClassifier.FileStats::fileIndex));
            fragments = stats.stream().mapToLong(FileClassifier.FileStats::fragments).sum();
            fragmentBytes = stats.stream().mapToLong(FileClassifier.FileStats::fragmentBytes).sum();
            long t2 = System.nanoTime();
            JavaRDD<FinishedFlow> finals = mapped.filter(o -> o.row() != null).map(Out::row);
            JavaRDD<FinishedFlow> merged = mapped.filter(o -> o.fragment() != null)
                    .mapToPair(o -> new Tuple2<>(o.fragment().key(), o.fragment()))
                    .groupByKey(parts)
                    .flatMap(g -> {
                        List<Fragment> group = new ArrayList<>();
                        g._2().forEach(group::add);
                        return new FragmentMerger(job.sigs(), job.config(), job.associationIdle()).merge(group).iterator();
                    });
            JavaRDD<FinishedFlow> all = finals.union(merged).persist(StorageLevel.MEMORY_AND_DISK());
            JavaRDD<FinishedFlow> sorted = all.sortBy(r -> r.firstFrameRef, true, parts);
            // user sessions per user on the executors (the matcher's UserSessions over one user's flows)
            List<String> apps = sigs.apps();
            JavaRDD<String> userLines = all
                    .flatMapToPair(r -> {
                        String u = UserSessions.userOf(r.client, r.server, r.ipVersion);
                        return u == null ? java.util.Collections.emptyIterator() : List.of(new Tuple2<>(u, r)).iterator();
                    })
                    .groupByKey(parts)
                    .flatMapToPair(g -> {
                        UserSessions us = new UserSessions();
                        for (FinishedFlow r : g._2()) {
                            us.flowEnded(r.toFlow(0), r.toVerdict(x -> x));
                        }
                        List<Tuple2<String, String>> out = new ArrayList<>();
                        List<String> lines = ResultWriter.userLines(us.sessions(), apps);
                        for (int i = 0; i < lines.size(); i++) {
                            // text order of users as UserSessions sorts them, then session number
                            out.add(new Tuple2<>(g._1() + '\u0000' + String.format("%010d", i), lines.get(i)));
                        }
                        return out.iterator();
                    })
                    .sortByKey(true, parts)
                    .values();
            ResultWriter.Outputs outputs = outputs(outDir);
            ClassificationResult r;
            try {
                r = ResultWriter.write(sorted.toLocalIterator(), stats, sigs.apps(), outputs, userLines.toLocalIterator());
            } finally {
                all.unpersist(false);
            }
            long t3 = System.nanoTime();
            seconds = new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9};
            return r;
        } finally {
            mapped.unpersist(false);
        }
    }

    private ResultWriter.Outputs outputs(String dir) throws IOException {
        if (isLocal(dir) && !dir.startsWith("file:")) {
            Path d = Path.of(dir);
            Files.createDirectories(d);
            return name -> Files.newOutputStream(d.resolve(name));
        }
        org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
        FileSystem fs = d.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.mkdirs(d);
        return name -> fs.create(new org.apache.hadoop.fs.Path(d, name), true);
    }

    /** Reads signature files from local paths or any Hadoop file system. */
    public static List<SignatureSet> readSignatures(List<String> paths, Configuration hadoop)
            throws IOException, SignatureFileException {
        List<SignatureSet> out = new ArrayList<>();
        for (String p : paths) {
            if (isLocal(p) && !p.startsWith("file:")) {
                out.add(SignatureJson.read(Path.of(p)));
            } else {
                org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(p);
                try (InputStream in = hp.getFileSystem(hadoop).open(hp)) {
                    out.add(SignatureJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), p));
                }
            }
        }
        return out;
    }

}
