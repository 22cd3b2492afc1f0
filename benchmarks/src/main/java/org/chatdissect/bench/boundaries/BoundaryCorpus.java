package org.chatdissect.bench.boundaries;

import java.util.List;

/**
 * The protocols of the boundary evaluation: the binary protocols that NEMESYS, Netzob and BinaryInferno
 * report on, each with the shared nDPI captures that carry it and the tshark filter that selects its
 * messages.
 */
public record BoundaryCorpus(String protocol, List<String> captures, String displayFilter) {
    public static final int MAX_MESSAGES_PER_FILE = 1000;

    public static List<BoundaryCorpus> standard() {
        return List.of(
                new BoundaryCorpus("DNS", List.of("dns.pcap", "bad-dns-traffic.pcap", "dns-exf.pcap", "googledns_android10.pcap"), "dns && udp && !icmp"),
                new BoundaryCorpus("NTP", List.of("NTPv2.pcap", "NTPv3.pcap", "NTPv4.pcap", "tls_certificate_too_long.pcap", "waze.pcap", "android.pcap"), "ntp"),
                new BoundaryCorpus("DHCP", List.of("android.pcap", "iphone.pcap", "capwap.pcap", "signal.pcap", "alexa-app.pcapng", "dhcp-fuzz.pcapng"), "dhcp"),
                new BoundaryCorpus("NBNS", List.of("netbios.pcap"), "nbns"),
                new BoundaryCorpus("SMB", List.of("smbv1.pcap", "smb_deletefile.pcap"), "smb || smb2"),
                new BoundaryCorpus("Modbus", List.of("modbus.pcap"), "mbtcp"),
                new BoundaryCorpus("DNP3", List.of("dnp3.pcap"), "dnp3"),
                new BoundaryCorpus("IEC104", List.of("IEC104.pcap", "iec60780-5-104.pcap"), "iec60870_104"),
                new BoundaryCorpus("S7comm", List.of("s7comm.pcap"), "s7comm"),
                new BoundaryCorpus("SNMP", List.of("snmp.pcap"), "snmp"),
                new BoundaryCorpus("TFTP", List.of("tftp.pcap"), "tftp"));
    }
}
