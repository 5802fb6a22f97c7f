import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createT, joinList, refusalKey } from "./i18n";
import { createMonths } from "./months";
import { getDates, getT, loadCatalog, LOCALES_DIR, resolveLocale, supportedLocales } from "./locales.server";

const request = (headers: Record<string, string>) => new Request("http://bridge.test/", { headers });

describe("locales", () => {
  // A control whose visible words are short ("Disable") is named for a screen reader with its
  // record ("K.of": "Disable {name}"). The name must contain the visible words, in every language,
  // so a person who speaks what they see can operate it (WCAG 2.5.3, axe label-content-name-mismatch).
  it("gives every control named with its record a name that contains the words it shows", () => {
    for (const code of supportedLocales()) {
      const messages = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${code}.json`), "utf8")) as Record<string, string>;
      const pairs = Object.keys(messages)
        .map((key) => [key, key.replace(/(\.of|Of)$/, "")] as const)
        .filter(([key, base]) => key !== base && base in messages);
      expect(pairs.length, code).toBeGreaterThan(5);
      for (const [key, base] of pairs) expect(messages[key].toLowerCase(), `${code} ${key}`).toContain(messages[base].toLowerCase());
    }
  });

  it("has English and Simplified Chinese, each with every key and no empty text", () => {
    expect(supportedLocales()).toEqual(expect.arrayContaining(["en", "zh"]));
    const raw = (code: string) => JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${code}.json`), "utf8")) as Record<string, string>;
    const en = raw("en");
    const zh = raw("zh");
    // A count's forms are the language's own (next test): Chinese has no "one".
    const unlessPlural = (keys: string[]) => keys.filter((k) => !/\.(zero|one|two|few|many)$/.test(k) || !(k.replace(/\.\w+$/, ".other") in en)).sort();
    expect(unlessPlural(Object.keys(zh))).toEqual(unlessPlural(Object.keys(en)));
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), key).not.toBe("");
      // Placeholders must survive translation.
      expect(text.match(/\{\w+\}/g)?.sort() ?? [], key).toEqual(en[key].match(/\{\w+\}/g)?.sort() ?? []);
    }
  });

  // Chinese text takes full-width punctuation (；：（），？！). A half-width one may stay only where
  // it is not next to Chinese: inside a {placeholder}, a URL, an e-mail address, a code example,
  // or between Latin letters and digits ("staff:create").
  it("uses full-width punctuation next to Chinese in every zh message", () => {
    const zh = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, "zh.json"), "utf8")) as Record<string, string>;
    const bad = Object.entries(zh).filter(([, text]) => halfWidthNextToHan(text));
    expect(bad).toEqual([]);
  });

  it("finds a half-width mark next to Chinese and leaves placeholders, addresses and Latin alone", () => {
    for (const text of ["状态: 已开启", "文件(CSV)", "确认吗?", "完成!", "企业, 机构", "名称 (必填)", "{name}: 你好", "已向 {company}, 请"])
      expect(halfWidthNextToHan(text), text).toBe(true);
    for (const text of [
      "状态：已开启",
      "https://lanyun.example.cn/a?b=1 或",
      "写信给 a.b@lanyun.example.cn",
      "运行 staff:create 命令",
      "{a}:{b}",
      "Bridge (automatic)",
      "用“;”分隔",
    ])
      expect(halfWidthNextToHan(text), text).toBe(false);
  });

  it("joins a list with the enumeration comma in Chinese", () => {
    expect(joinList("zh", ["云计算", "人工智能"])).toBe("云计算、人工智能");
    expect(joinList("en", ["Cloud", "AI"])).toBe("Cloud; AI");
    expect(joinList("en", ["A", "B"], ", ")).toBe("A, B");
  });

  it("gives every count's message exactly the plural forms its language needs", () => {
    const bases = new Set<string>();
    for (const code of supportedLocales()) {
      const messages = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${code}.json`), "utf8")) as Record<string, string>;
      for (const key of Object.keys(messages)) if (key.endsWith(".other")) bases.add(key.slice(0, -".other".length));
    }
    expect(bases.size).toBeGreaterThan(10);
    for (const code of supportedLocales()) {
      const messages = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${code}.json`), "utf8")) as Record<string, string>;
      const forms = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      for (const base of bases) {
        const present = Object.keys(messages)
          .filter((k) => k.startsWith(`${base}.`) && /^(zero|one|two|few|many|other)$/.test(k.slice(base.length + 1)))
          .map((k) => k.slice(base.length + 1));
        expect(present.sort(), `${code} ${base}`).toEqual([...forms].sort());
        // A count's message is only ever reached through its forms.
        expect(base in messages, `${code} ${base}`).toBe(false);
      }
    }
  });

  it("picks a count's form by the language's plural rules", () => {
    expect(getT("en")("directory.results", { count: 1 })).toBe("1 company");
    expect(getT("en")("directory.results", { count: 0 })).toBe("0 companies");
    expect(getT("en")("directory.results", { count: 2 })).toBe("2 companies");
    expect(getT("zh")("directory.results", { count: 1 })).toBe("共 1 家企业");
    expect(getT("zh")("directory.results", { count: 2 })).toBe("共 2 家企业");
    expect(getT("en")("matches.count", { shown: 1, count: 1 })).toBe("1 of 1 match");
    const t = createT({ "x.n.one": "{count} item", "x.n.other": "{count} items" }, "en");
    expect(t("x.n" as never, { count: 1 })).toBe("1 item");
    expect(t("x.n" as never, { count: 1.5 })).toBe("1.5 items");
  });

  it("adds a language from one new file, falling back to English for missing keys", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-locales-"));
    fs.copyFileSync(path.join(LOCALES_DIR, "en.json"), path.join(dir, "en.json"));
    fs.writeFileSync(path.join(dir, "id.json"), JSON.stringify({ "meta.languageName": "Bahasa Indonesia", "nav.signIn": "Masuk" }));
    const catalog = loadCatalog(dir);
    expect([...catalog.keys()]).toEqual(["en", "id"]);
    const t = createT(catalog.get("id")!);
    expect(t("nav.signIn")).toBe("Masuk");
    expect(t("nav.signUp")).toBe("Sign up");
    fs.rmSync(dir, { recursive: true });
  });

  it("interpolates parameters", () => {
    expect(getT("zh")("landing.welcomeBack", { name: "林" })).toBe("欢迎回来，林。");
    expect(getT("en")("error.status", { status: 404 })).toBe("Error 404");
    // Every occurrence, values taken as they are ("$&" is no pattern), an unknown placeholder left as written.
    const t = createT({ "x.pair": "{a} and {a}, {b}{c}!", "x.plain": "{a}" });
    expect(t("x.pair" as never, { a: "$& 张", c: 0 })).toBe("$& 张 and $& 张, {b}0!");
    expect(t("x.pair" as never, { a: "ข", b: "Việt", c: "" })).toBe("ข and ข, Việt!");
    expect(t("x.plain" as never)).toBe("{a}");
  });
});

describe("spacing between Chinese and Latin in zh messages", () => {
  const t = createT(
    {
      "x.tight": "已向{company}发送",
      "x.spaced": "由 {name} 于 {date} 记录",
      "x.count": "共{count}家公司",
      "x.punct": "{name}，您好： {email}。",
      "x.quote": "订阅了“{category}”邮件",
      "x.two": "{a}{b}和{c}",
    },
    "zh",
  );
  const x = (key: string, params: Record<string, string | number>) => t(key as never, params);

  it("puts one space between a Latin or digit value and the Han text beside it", () => {
    expect(x("x.tight", { company: "PT Mandiri Cloud" })).toBe("已向 PT Mandiri Cloud 发送");
    expect(x("x.count", { count: 3 })).toBe("共 3 家公司");
    expect(x("x.tight", { company: "Công ty Việt" })).toBe("已向 Công ty Việt 发送");
    expect(x("x.spaced", { name: "Wang Fang", date: "2026年12月7日 15:32 UTC" })).toBe("由 Wang Fang 于 2026年12月7日 15:32 UTC 记录");
  });

  it("puts none between Han and Han, whether the message was written spaced or not", () => {
    expect(x("x.tight", { company: "蓝云科技" })).toBe("已向蓝云科技发送");
    expect(x("x.spaced", { name: "王芳", date: "2026年12月7日" })).toBe("由王芳于 2026年12月7日记录");
  });

  it("puts none next to full-width punctuation or between two values", () => {
    expect(x("x.punct", { name: "Lin", email: "lin@lanyun.example.cn" })).toBe("Lin，您好：lin@lanyun.example.cn。");
    expect(x("x.quote", { category: "New matches" })).toBe("订阅了“New matches”邮件");
    expect(x("x.two", { a: "AB", b: "CD", c: "EF" })).toBe("ABCD 和 EF");
  });

  it("leaves English alone, and reaches e-mails through getT", () => {
    const en = createT({ "x.tight": "已向{company}发送" }, "en");
    expect(en("x.tight" as never, { company: "PT Mandiri Cloud" })).toBe("已向PT Mandiri Cloud发送");
    expect(getT("zh")("email.newMatches.intro", { company: "PT Mandiri Cloud", count: 3 })).toMatch(/为 PT Mandiri Cloud 找到了 3 个/);
    expect(getT("zh")("email.newMatches.intro", { company: "蓝云科技", count: 3 })).toMatch(/为蓝云科技找到了 3 个/);
  });
});

describe("resolveLocale", () => {
  it("prefers the user's setting, then the cookie, then Accept-Language, then English", () => {
    const all = request({ cookie: "bridge_lang=en", "accept-language": "en" });
    expect(resolveLocale(all, { locale: "zh" })).toBe("zh");
    expect(resolveLocale(request({ cookie: "a=1; bridge_lang=zh", "accept-language": "en" }))).toBe("zh");
    expect(resolveLocale(request({ "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" }))).toBe("zh");
    expect(resolveLocale(request({ "accept-language": "th-TH,zh-TW;q=0.5" }))).toBe("zh");
    expect(resolveLocale(request({ "accept-language": "th-TH" }))).toBe("en");
    expect(resolveLocale(request({}))).toBe("en");
  });

  it("ignores an unsupported cookie or setting", () => {
    expect(resolveLocale(request({ cookie: "bridge_lang=xx" }), { locale: "xx" })).toBe("en");
  });
});

describe("refusalKey", () => {
  const KEYS = { self: "staff.errors.self" } as const;
  it("words a reason the module's map names, and anything else generically", () => {
    expect(refusalKey(KEYS, "self")).toBe("staff.errors.self");
    for (const reason of ["unknown", "__proto__", "constructor", "toString", ""]) expect(refusalKey(KEYS, reason), reason).toBe("errors.form.invalid");
  });
});

/** Whether a text has a half-width ; : ( ) , ? ! next to a Han character (spaces between count as next to). */
function halfWidthNextToHan(text: string): boolean {
  const prose = text
    .replace(/\{\w+\}/g, "\u0000")
    .replace(/https?:\/\/\S+/g, "\u0000")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "\u0000");
  return /\p{Script=Han}\s*[;:(),?!]|[;:(),?!]\s*\p{Script=Han}/u.test(prose);
}

describe("dates", () => {
  // 7 Dec 2026, 03:32:05 UTC: a time where a 12-hour clock, a local zone or a missing pad would show.
  const at = Math.floor(Date.UTC(2026, 11, 7, 3, 32, 5) / 1000);

  it("writes a date and a time one way per language, in UTC, from the language's own messages", () => {
    const en = getDates("en");
    const zh = getDates("zh");
    expect(en.date(at)).toBe("7 Dec 2026");
    expect(en.dateTime(at)).toBe("7 Dec 2026, 03:32 UTC");
    expect(en.dateTime(at, true)).toBe("7 Dec 2026, 03:32:05 UTC");
    expect(zh.date(at)).toBe("2026年12月7日");
    expect(zh.dateTime(at)).toBe("2026年12月7日 03:32 UTC");
    // Midnight at the turn of a year stays that day in UTC, whatever the machine's zone.
    expect(en.date(Date.UTC(2027, 0, 1) / 1000)).toBe("1 Jan 2027");
    expect(en.dateTime(null)).toBe("—");
    expect(zh.date(undefined)).toBe("—");
  });

  it("a date put into a sentence reads as the language writes it", () => {
    expect(getT("en")("intro.answerBy", { date: getDates("en").date(at) })).toBe("Answer by 7 Dec 2026");
    expect(getT("zh")("intro.answerBy", { date: getDates("zh").date(at) })).toMatch(/^请于 ?2026年12月7日 ?前答复$/);
  });

  it("every language has every month and pattern, and the months render without a missing key", () => {
    for (const locale of supportedLocales()) {
      const dates = getDates(locale);
      const months = createMonths(getT(locale));
      for (let m = 1; m <= 12; m++) {
        const seconds = Date.UTC(2026, m - 1, 15) / 1000;
        for (const text of [dates.date(seconds), dates.dateTime(seconds), months.short(`2026-${String(m).padStart(2, "0")}`), months.long(`2026-${m}`)]) {
          expect(text, `${locale} month ${m}`).not.toMatch(/date\.|\{/);
          expect(text).toContain("2026");
        }
      }
    }
    expect(createMonths(getT("en")).long("2026-12")).toBe("December 2026");
    expect(createMonths(getT("en")).short("2026-12")).toBe("Dec 2026");
    expect(createMonths(getT("zh")).long("2026-12")).toBe("2026年12月");
  });
});
