package org.chatdissect.match.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCdfTest {
    @TempDir
    Path tmp;

    @Test
    void exactPointsWithTies() {
        Cdf c = Cdf.of(new double[] {3, 1, 2, 2});
        assertArrayEquals(new double[] {1, 2, 3}, c.x());
        assertArrayEquals(new double[] {0.25, 0.75, 1.0}, c.p());
        assertEquals(4, c.samples());
        assertEquals(0.0, c.at(0.5));
        assertEquals(0.75, c.at(2.5));
        assertEquals(1.0, c.at(99));
    }

    @Test
    void emptyAndNaN() {
        assertEquals(0, Cdf.of(new double[0]).size());
        Cdf c = Cdf.of(new double[] {Double.NaN, 5});
        assertArrayEquals(new double[] {5}, c.x());
        assertArrayEquals(new double[] {1.0}, c.p());
    }

    @Test
    void monotoneAndEndsAtOneOnRandomData() {
        Random r = new Random(7);
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.floor(r.nextGaussian() * 10);
        }
        Cdf c = Cdf.of(v);
        for (int i = 1; i < c.size(); i++) {
            assertTrue(c.x()[i] > c.x()[i - 1]);
            assertTrue(c.p()[i] > c.p()[i - 1]);
        }
        assertEquals(1.0, c.p()[c.size() - 1]);
    }

    @Test
    void positiveDropsPointsALogAxisCannotShow() {
        Cdf c = Cdf.of(new double[] {0, 0, 1, 10}).positive();
        assertArrayEquals(new double[] {1, 10}, c.x());
        assertArrayEquals(new double[] {0.75, 1.0}, c.p());
    }

    @Test
    void fig6PerUserVolumeAndTime() throws Exception {
        List<Figure> f = Fig6.compute(ReportFixture.input(tmp).users(), "wechat");
        assertEquals(List.of("fig6a", "fig6b", "fig6c", "fig6d"), f.stream().map(Figure::id).toList());
        // two sessions used wechat: 10.0.0.1 (5000 of 10000 bytes) and 10.0.0.2#0 (500 of 1000)
        assertEquals(Cdf.of(new double[] {500, 5000}), f.get(0).series().get(0).cdf());
        assertEquals(Cdf.of(new double[] {0.5, 0.5}), f.get(1).series().get(0).cdf());
        assertEquals(List.of("Data Transfer", "Active"), f.get(2).series().stream().map(Figure.Series::name).toList());
        assertEquals(Cdf.of(new double[] {10, 5}), f.get(2).series().get(0).cdf());
        assertEquals(Cdf.of(new double[] {100, 50}), f.get(2).series().get(1).cdf());
        assertEquals(Cdf.of(new double[] {0.25, 0.5}), f.get(3).series().get(0).cdf());
        assertEquals(Cdf.of(new double[] {0.25, 0.5}), f.get(3).series().get(1).cdf());
        assertTrue(f.get(0).logX() && !f.get(1).logX() && f.get(2).logX() && !f.get(3).logX());
    }

    @Test
    void fig7CompletionAndInterTaskTimes() throws Exception {
        List<Figure> f = Fig7.compute(ReportFixture.input(tmp).tasks(), "wechat");
        Figure a = f.get(0);
        assertEquals(List.of("W-TCP", "W-HTTP"), a.series().stream().map(Figure.Series::name).toList());
        Cdf tcp = a.series().get(0).cdf();
        assertArrayEquals(new double[] {0, 0.05, 0.1, 0.2, 0.3}, tcp.x());
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0}, tcp.p(), 1e-12);
        assertEquals(Cdf.of(new double[] {1.0}), a.series().get(1).cdf());
        // W-TCP flow a.pcap#1 has tasks starting at 1101, 1131, 1401, 1501, 1600 (start to start)
        Cdf gaps = f.get(1).series().get(0).cdf();
        assertArrayEquals(new double[] {30, 99, 100, 270}, gaps.x(), 1e-9);
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0}, gaps.p());
    }
}
