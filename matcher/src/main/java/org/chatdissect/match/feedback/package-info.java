/**
 * The feedback loop of section III-B: after classifying traces, the flows the classifier left unknown that talk
 * to a server of a classified application are trained on, and what is new (header formats, opcodes, keywords)
 * joins the application's signatures as unreviewed candidates. See docs/design/feedback.md.
 */
package org.chatdissect.match.feedback;
