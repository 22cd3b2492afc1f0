package org.chatdissect.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.model.SignatureSet;

/**
 * Entry point of the jar given to {@code spark-submit} (docs/cli.md): the options of {@code chatdissect classify},
 * paths local or on any Hadoop file system ({@code hdfs://}, {@code s3a://}).
 *
 * <pre>
 * spark-submit --class org.chatdissect.spark.SparkClassifyMain matcher-spark-VERSION-spark-submit.jar \
 *   --signatures hdfs:///sig/wechat.json --in hdfs:///traces/day1/ --out hdfs:///out/day1 [--tcp-timeout 1800]
 *   [--udp-timeout 60] [--max-flows 1000000] [--association-idle 3600] [--partitions N]
 * </pre>
 */
public final class SparkClassifyMain {
    private SparkClassifyMain() {}

    public static void main(String[] args) throws Exception {
        List<String> sigs = new ArrayList<>();
        List<String> in = new ArrayList<>();
        String out = null;
        long tcp = 1800;
        long udp = 60;
        int maxFlows = FlowTableConfig.DEFAULT_MAX_FLOWS;
        int partitions = 0;
        long associationIdle = 3600;
        List<String> target = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--signatures" -> target = sigs;
                case "--in" -> target = in;
                case "--out" -> { out = value(args, ++i, a); target = null; }
                case "--tcp-timeout" -> { tcp = Long.parseLong(value(args, ++i, a)); target = null; }
                case "--udp-timeout" -> { udp = Long.parseLong(value(args, ++i, a)); target = null; }
                case "--max-flows" -> { maxFlows = Integer.parseInt(value(args, ++i, a)); target = null; }
                case "--association-idle" -> { associationIdle = Long.parseLong(value(args, ++i, a)); target = null; }
                case "--partitions" -> { partitions = Integer.parseInt(value(args, ++i, a)); target = null; }
                default -> {
                    if (target == null || a.startsWith("--")) {
                        usage("unknown argument " + a);
                    }
                    target.add(a);
                }
            }
        }
        if (sigs.isEmpty() || in.isEmpty() || out == null || tcp <= 0 || udp <= 0 || maxFlows <= 0
                || associationIdle <= 0 || associationIdle > Long.MAX_VALUE / 1_000_000_000L) {
            usage("--signatures, --in and --out are required; timeouts, --max-flows and --association-idle must be positive");
        }
        SparkSession spark = SparkSession.builder().appName("chatdissect classify").getOrCreate();
        try {
            List<SignatureSet> sets = SparkClassifier.readSignatures(sigs, spark.sparkContext().hadoopConfiguration());
            ClassificationResult r = new SparkClassifier(spark, sets, FlowTableConfig.of(tcp, udp, maxFlows),
                    associationIdle * 1_000_000_000L, partitions)
                    .run(in, out);
            System.out.printf(Locale.ROOT, "packets read: %d%n  classified: %d%n  unknown: %d%n  undecoded: %d%nflows: %d%n"
                    + "user sessions: %d%nwarnings: %d%n", r.capture().packetsRead, r.packetsClassified(),
                    r.packetsUnknown(), r.capture().undecodedTotal(), r.flows(), r.sessions(), r.warnings().size());
            r.warnings().forEach(w -> System.out.println("  warning: " + w));
        } finally {
            spark.stop();
        }
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            usage(opt + " needs a value");
        }
        return args[i];
    }

    private static void usage(String why) {
        System.err.println("chatdissect-spark: " + why);
        System.err.println("usage: --signatures SIG.json... --in PATH... --out DIR [--tcp-timeout S] [--udp-timeout S]"
                + " [--max-flows N] [--association-idle S] [--partitions N]");
        System.exit(2);
    }
}
