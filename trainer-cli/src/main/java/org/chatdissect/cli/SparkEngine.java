package org.chatdissect.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.spark.SparkClassifier;

/**
 * {@code classify --engine spark}: runs the classification as a Spark job (module matcher-spark). The master is
 * {@code --spark-master} (default {@code local[*]}: an embedded Spark, nothing to install) unless the JVM was
 * started by {@code spark-submit}, which sets {@code spark.master} itself.
 *
 * <p>Spark needs some JDK packages opened on Java 17 (the flags its own launcher adds). When this JVM lacks them,
 * the command runs again in a child JVM with them, so {@code ./chatdissect} needs no special options.
 */
final class SparkEngine {
    /** The flags of org.apache.spark.launcher.JavaModuleOptions (Spark 4.1). */
    static final List<String> MODULE_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private SparkEngine() {}

    /** Spark is on the class path: ./chatdissect adds target/lib-spark for {@code --engine spark} only. */
    static boolean onClassPath() {
        return SparkEngine.class.getClassLoader().getResource("org/apache/spark/SparkConf.class") != null;
    }

    static boolean modulesOpen() {
        return Object.class.getModule().isOpen("sun.nio.ch", SparkEngine.class.getModule());
    }

    /** Runs the whole command line again in a JVM with Spark's module options; returns its exit code. */
    static int relaunch(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(MODULE_OPTIONS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChatDissect.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start().waitFor();
    }

    static ClassificationResult run(List<SignatureSet> sets, List<Path> inputs, Path out, FlowTableConfig config,
            long associationIdleNanos, String master, int partitions) throws Exception {
        SparkConf conf = new SparkConf().setAppName("chatdissect classify");
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            SparkClassifier c = new SparkClassifier(spark, sets, config, associationIdleNanos, partitions);
            ClassificationResult r = c.run(inputs.stream().map(Path::toString).toList(), out.toString());
            System.err.println("chatdissect: spark: " + c.lastRunNote());
            return r;
        } finally {
            spark.stop();
        }
    }
}
