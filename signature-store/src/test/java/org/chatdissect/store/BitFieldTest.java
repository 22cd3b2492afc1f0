package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.text.SignatureTable;
import org.chatdissect.store.validate.SignatureValidator;
import org.junit.jupiter.api.Test;

/**
 * Bit fields (format version 3): a flags byte whose bits behave differently, typed bit by bit. The reference rule
 * compares a bit field's bits only; the file format, the validator and the signature table carry the mask.
 */
class BitFieldTest {
    /**
     * A 2-byte magic, then a flags byte: bit 7 tells a response from a request, bits 0-2 are always 5, bits 3-6 vary;
     * then a 1-byte opcode.
     */
    static Signature flags() {
        return new Signature("zoo", "UDP", FlowType.UDP, 8, Status.REVIEWED, List.of(
                FieldSpec.constant(0, 2, "c0de"),
                FieldSpec.bits(2, 0x80, FieldType.REQRESP, List.of(), "00", "80"),
                FieldSpec.bits(2, 0x07, FieldType.CONSTANT, List.of("05"), null, null),
                FieldSpec.bits(2, 0x78, FieldType.UNIDENTIFIED, List.of(), null, null),
                FieldSpec.opcode(3, 1, "11")), null, null, null, null);
    }

    static byte[] message(int flags) {
        return new byte[] {(byte) 0xc0, (byte) 0xde, (byte) flags, 0x11, 0, 0, 0, 0};
    }

    @Test
    void theReferenceComparesTheMaskedBitsOnly() {
        Signature s = flags();
        for (int varying = 0; varying < 16; varying++) {
            int request = 0x05 | varying << 3;
            assertTrue(HeaderSignatures.matches(s, message(request)), Integer.toHexString(request));
            assertTrue(HeaderSignatures.matches(s, message(request | 0x80)));
            assertEquals(Optional.of(true), HeaderSignatures.isRequest(s, message(request), 0, 8));
            assertEquals(Optional.of(false), HeaderSignatures.isRequest(s, message(request | 0x80), 0, 8));
        }
        assertFalse(HeaderSignatures.matches(s, message(0x04)), "a constant bit differs");
        assertFalse(HeaderSignatures.matches(s, message(0x85 ^ 0x02)));
        // 2 bytes and 4 bits compared: two whole bytes
        assertEquals(2, s.comparedBytes());
        assertEquals(2, s.valueBytes());
        // a version tolerance counts a differing bit field as one byte; two compared bytes leave too few equal
        assertFalse(HeaderSignatures.matches(s, message(0x06), 0, 8, 1));
    }

    @Test
    void theFileFormatCarriesTheMaskInVersion3() throws Exception {
        SignatureSet set = SignatureSet.of(List.of(flags()));
        assertEquals(3, set.version());
        assertEquals(List.of(), SignatureValidator.problems(set));
        String json = SignatureJson.toJson(set);
        assertTrue(json.contains("\"mask\": \"80\""), json);
        SignatureSet back = SignatureJson.parse(json, "sig.json");
        assertEquals(set, back);
        SignatureFileException e = assertThrows(SignatureFileException.class,
                () -> SignatureJson.parse(json.replace("\"version\": 3", "\"version\": 2"), "sig.json"));
        assertEquals("sig.json: signature 1 (\"UDP\"): bit fields (mask) need format version 3, the set is version 2",
                e.getMessage());
        assertTrue(SignatureTable.render(back).contains("byte 2 & 80"), SignatureTable.render(back));
    }

    @Test
    void theValidatorRefusesMasksThatCannotMean() {
        List<FieldSpec> base = flags().fields();
        assertEquals(List.of("signature 1 (\"UDP\"), field 4: mask 0f shares bits 07 with an earlier bit field of"
                + " byte 2"), problems(base.get(0), base.get(1), FieldSpec.bits(2, 0x07, FieldType.CONSTANT,
                        List.of("05"), null, null), FieldSpec.bits(2, 0x0f, FieldType.UNIDENTIFIED, List.of(), null,
                        null)));
        assertEquals(List.of("signature 1 (\"UDP\"), field 2: value \"85\" has bits outside mask 07"),
                problems(base.get(0), FieldSpec.bits(2, 0x07, FieldType.CONSTANT, List.of("85"), null, null)));
        assertEquals(List.of("signature 1 (\"UDP\"), field 2: mask ff must hold some bits of the byte but not all (a"
                + " field of the whole byte has no mask)"),
                problems(base.get(0), FieldSpec.bits(2, 0xff, FieldType.CONSTANT, List.of("05"), null, null)));
        assertEquals(List.of("signature 1 (\"UDP\"), field 2: only constant, reqresp and unidentified fields take a"
                + " mask"), problems(base.get(0), FieldSpec.bits(2, 0x07, FieldType.OPCODE, List.of("05"), null,
                        null)));
        assertEquals(List.of("signature 1 (\"UDP\"), field 2: a bit field (mask) is one byte long, this one is 2"),
                problems(base.get(0), new FieldSpec(2, 2, FieldType.CONSTANT, null, List.of("0005"), null, null, null,
                        null, 0x07)));
        // a bit field and a whole-byte field of one byte overlap
        assertTrue(problems(base.get(0), base.get(2), FieldSpec.of(2, 1, FieldType.UNIDENTIFIED)).get(0)
                .contains("overlaps field 2"));
    }

    private static List<String> problems(FieldSpec... fields) {
        return SignatureValidator.problems(SignatureSet.of(List.of(new Signature("zoo", "UDP", FlowType.UDP, 8,
                Status.REVIEWED, List.of(fields), null, null, null, null))));
    }
}
