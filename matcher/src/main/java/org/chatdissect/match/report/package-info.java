/**
 * The {@code report} analyses of ChatDissect (paper section VI): reads a classifier output directory
 * ({@link org.chatdissect.match.report.ReportReader}), computes Tables III-V and the CDFs of Figures 6-7
 * as pure functions, and renders one self-contained HTML file plus CSV files
 * ({@link org.chatdissect.match.report.ReportWriter}).
 */
package org.chatdissect.match.report;
