package org.chatdissect.store.export;

/** The export formats, by the name the CLI's {@code --format} takes. */
public enum ExportFormat {
    WIRESHARK_LUA("wireshark-lua"), BPF("bpf"), NDPI("ndpi"), SURICATA("suricata"), CSV("csv");

    private final String cliName;

    ExportFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** @return the format, or null when {@code name} names none */
    public static ExportFormat fromCli(String name) {
        for (ExportFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    public Exporter exporter(ExportOptions options) {
        return switch (this) {
            case WIRESHARK_LUA -> new WiresharkLuaExporter();
            case BPF -> new BpfExporter();
            case NDPI -> new NdpiExporter();
            case SURICATA -> new SuricataExporter(options.suricataSidBase());
            case CSV -> new CsvExporter();
        };
    }
}
