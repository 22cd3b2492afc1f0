/** Benchmarks: JMH classes and bench commands. Each workload is described in docs/benchmarks.md. */
package org.chatdissect.bench;
