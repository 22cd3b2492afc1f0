package org.chatdissect.cli;

import picocli.CommandLine;

/** Reports the version Maven filtered into chatdissect-version.properties. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    public static String version() {
        try (var in = VersionProvider.class.getResourceAsStream("/chatdissect-version.properties")) {
            var p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"chatdissect " + version(), "Java " + System.getProperty("java.version")};
    }
}
