package org.chatdissect.match.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws one CDF {@link Figure} as a PNG with XChart. The size is fixed and the locale pinned so the same
 * figure gives the same bytes. Points at or below zero are left off logarithmic axes (they have no place
 * there; the CSV keeps them).
 */
public final class ChartRenderer {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;

    private ChartRenderer() {}

    /** The PNG, or null when no series has a point to draw. */
    public static byte[] png(Figure f) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(f.title())
                .xAxisTitle(f.xLabel()).yAxisTitle("CDF").build();
        var styler = chart.getStyler();
        styler.setLocale(Locale.ROOT);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setYAxisDecimalPattern("0.0");
        styler.setXAxisLogarithmic(f.logX());
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Figure.Series s : f.series()) {
            Cdf c = f.logX() ? s.cdf().positive() : s.cdf();
            if (c.size() == 0) {
                continue;
            }
            XYSeries series = chart.addSeries(s.name(), c.x(), c.p());
            series.setMarker(SeriesMarkers.NONE);
            min = Math.min(min, c.x()[0]);
            max = Math.max(max, c.x()[c.size() - 1]);
        }
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        setXRange(chart, f.logX(), min, max);
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole decades on log axes, and a non-empty range even when every sample is the same value. */
    private static void setXRange(XYChart chart, boolean log, double min, double max) {
        if (log) {
            double lo = Math.pow(10, Math.floor(Math.log10(min)));
            double hi = Math.pow(10, Math.ceil(Math.log10(max)));
            chart.getStyler().setXAxisMin(lo);
            chart.getStyler().setXAxisMax(hi > lo ? hi : lo * 10);
        } else if (max <= min) {
            chart.getStyler().setXAxisMin(min - 1);
            chart.getStyler().setXAxisMax(max + 1);
        } else if (min >= 0 && max <= 1) {
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setXAxisMax(1.0);
        }
    }
}
