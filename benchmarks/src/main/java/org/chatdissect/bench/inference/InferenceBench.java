package org.chatdissect.bench.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chatdissect.core.keyword.LcsKeywordExtractor;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.IterativeSegmenter;

/**
 * Bench command (not JMH; one cold run each, wall clock): LCS keywords over 100,000 synthetic hostnames/URLs, and
 * iterative VE over N synthetic 16-byte W-TCP headers. Usage: InferenceBench [headers=1000000].
 */
public final class InferenceBench {
    private InferenceBench() {}

    public static void main(String[] args) {
        int headers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Random r = new Random(1);
        List<String> values = new ArrayList<>();
        String[] paths = {"newsendmsg", "uploadmsgimg", "newsync", "getprofile", "sendappmsg", "uploadvoice"};
        for (int i = 0; i < 100_000; i++) {
            values.add(i % 2 == 0
                    ? Integer.toHexString(r.nextInt()) + "short.weixin.qq.com"
                    : "/cgi-bin/micromsg-bin/" + paths[r.nextInt(paths.length)] + "?id=" + r.nextInt(1_000_000));
        }
        long t0 = System.nanoTime();
        int k = new LcsKeywordExtractor(LcsKeywordExtractor.Config.of(Parameters.defaults())).extract(values).size();
        System.out.printf("lcs: 100000 values, %d keywords, %.2f s%n", k, (System.nanoTime() - t0) / 1e9);

        List<byte[]> hdr = new ArrayList<>(headers);
        int seq = r.nextInt();
        for (int i = 0; i < headers; i++) {
            byte[] b = new byte[16];
            int len = 100 + r.nextInt(1300);
            b[2] = (byte) (len >>> 8); b[3] = (byte) len;
            b[5] = 0x10; b[7] = 0x01;
            if (i % 2 == 1) { b[8] = 0x3b; b[9] = (byte) 0x9a; b[10] = (byte) 0xca; }
            b[11] = (byte) (1 + Math.min(19, (int) (-Math.log(r.nextDouble()) * 4)));
            int s = seq + i / 2;
            b[12] = (byte) (s >>> 24); b[13] = (byte) (s >>> 16); b[14] = (byte) (s >>> 8); b[15] = (byte) s;
            hdr.add(b);
        }
        t0 = System.nanoTime();
        int fields = new IterativeSegmenter(IterativeSegmenter.Config.of(Parameters.defaults())).segment(hdr).get(0).fieldCount();
        System.out.printf("iterative VE: %d headers, %.2f s (first packet %d fields)%n", headers,
                (System.nanoTime() - t0) / 1e9, fields);
    }
}
