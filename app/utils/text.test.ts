import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { charLength, cleanLine, cleanText, foldForSearch, hasControlChars, oneLine } from "./text";

const BIDI_AND_CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]/;

describe("cleanLine", () => {
  it("normalises to NFC: a decomposed Vietnamese name equals the composed one", () => {
    const decomposed = "Công ty".normalize("NFD");
    expect(decomposed).not.toBe("Công ty");
    expect(cleanLine(decomposed)).toBe("Công ty");
  });

  it("strips control and bidi override characters and collapses whitespace", () => {
    expect(cleanLine("  Acme\u202E moc.elgoog \u0007Ltd\t\n ")).toBe("Acme moc.elgoog Ltd");
    expect(cleanLine("\u2066Lanyun\u2069 \uFEFF蓝云\u200F")).toBe("Lanyun 蓝云");
  });

  it("keeps Chinese, Thai, Khmer and Burmese text as it is (joiners included)", () => {
    for (const s of ["广西东盟贸易有限公司", "บริษัท สยาม คลาวด์ จำกัด", "ក្រុមហ៊ុន អង្គរ", "ရွှေနည်းပညာ ကုမ္ပဏီလီမိတက်", "👩‍💻 Dev"]) {
      expect(cleanLine(s)).toBe(s);
    }
  });

  it("is idempotent, leaves no controls or bidi overrides, and never grows (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
        const once = cleanLine(s);
        expect(cleanLine(once)).toBe(once);
        expect(BIDI_AND_CONTROLS.test(once)).toBe(false);
        expect(/[\n\t]/.test(once)).toBe(false);
        expect(once).toBe(once.normalize("NFC"));
        expect(once).toBe(once.trim());
      }),
    );
  });

  it("the ASCII fast path gives what the full path gives (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..." aB.-,&()'x1"), maxLength: 40 }), (s) => {
        // With a non-ASCII character appended the full path runs; the ASCII part must come out alike.
        expect(cleanLine(`${s} é`).slice(0, -2).trim()).toBe(cleanLine(s));
      }),
    );
  });
});

describe("cleanText", () => {
  it("keeps line breaks (normalised to \\n) but strips controls and bidi overrides", () => {
    expect(cleanText("Line one\r\nLine two\u202E\r\n\r\n\r\n\r\nLine three\u0000")).toBe("Line one\nLine two\n\nLine three");
  });

  it("is idempotent and NFC (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 120 }), (s) => {
        const once = cleanText(s);
        expect(cleanText(once)).toBe(once);
        expect(BIDI_AND_CONTROLS.test(once)).toBe(false);
        expect(once).toBe(once.normalize("NFC"));
      }),
    );
  });
});

describe("charLength", () => {
  it("counts code points, not UTF-16 units or bytes", () => {
    expect(charLength("蓝云科技")).toBe(4);
    expect(new TextEncoder().encode("蓝云科技").length).toBe(12);
    expect(charLength("𠮷野家")).toBe(3);
    expect("𠮷野家".length).toBe(4);
    expect(charLength("Nguyễn")).toBe(6);
  });
});

describe("foldForSearch", () => {
  it("removes Vietnamese diacritics, đ included, and lower-cases", () => {
    expect(foldForSearch("Công ty Cổ phần Thương mại Điện tử Đại Dương")).toBe("cong ty co phan thuong mai dien tu dai duong");
    expect(foldForSearch("Công ty".normalize("NFD"))).toBe("cong ty");
  });

  it("folds full-width Latin and keeps Chinese and Thai searchable", () => {
    expect(foldForSearch("ＡＢＣ Cloud")).toBe("abc cloud");
    expect(foldForSearch("蓝云科技")).toBe("蓝云科技");
    // Thai marks are letters there: a Thai query folds exactly like the Thai name it should find.
    const thai = "บริษัท สยาม คลาวด์ จำกัด";
    expect(foldForSearch(thai).includes(foldForSearch("สยาม คลาวด์"))).toBe(true);
  });

  it("a substring of a name folds to a substring of the folded name (property, Latin with diacritics)", () => {
    const letters = fc.constantFrom(..."aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ ".split(""));
    const tones = fc.constantFrom("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323");
    const word = fc
      .array(
        fc.tuple(letters, tones).map(([l, t]) => (l + t).normalize("NFC")),
        { minLength: 1, maxLength: 20 },
      )
      .map((a) => a.join(""));
    fc.assert(
      fc.property(word, fc.nat(), fc.nat(), (name, a, b) => {
        const chars = [...name];
        const [from, to] = [a % chars.length, b % chars.length].sort((x, y) => x - y);
        const part = chars
          .slice(from, to + 1)
          .join("")
          .trim();
        if (!part) return;
        expect(foldForSearch(name).includes(foldForSearch(part))).toBe(true);
      }),
    );
  });
});

describe("names: hasControlChars and oneLine", () => {
  it("finds CR, LF, tab, NUL, C1 controls and line separators, and nothing in names of any script", () => {
    for (const bad of ["Mallory\r\nBcc: x@y", "a\nb", "a\tb", "a\u0000", "a\u0085b", "a\u2028b", "a\u2029b", "a\u001b[31m"])
      expect(hasControlChars(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["Công ty Đại Dương", "蓝云科技", "บริษัท สยาม คลาวด์ จำกัด", "O'Brien & Co.", "Ltd\u202E"]) expect(hasControlChars(good), good).toBe(false);
  });

  it("makes any text one line for an e-mail header (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(hasControlChars(oneLine(s))).toBe(false);
      }),
    );
    expect(oneLine("Mallory\r\nBcc: x@y")).toBe("Mallory Bcc: x@y");
  });
});
