import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, readForm } from "./form";
import { FORM_LIMITS, FormLimitError, formLimiter } from "./form-limits";

const { maxFields, maxFieldBytes } = FORM_LIMITS;

const urlencoded = (body: string) =>
  new Request("http://bridge.test/x", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });

const BOUNDARY = "----caps";
const part = (name: string, value: string, filename?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n\r\n${value}\r\n`;
const multipart = (parts: string[]) =>
  new Request("http://bridge.test/x", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: parts.join("") + `--${BOUNDARY}--\r\n`,
  });

const names = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=1`).join("&");
const parts = (n: number) => Array.from({ length: n }, (_, i) => part(`f${i}`, "1"));

async function refusal(p: Promise<unknown>) {
  const thrown = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(thrown).toBeInstanceOf(Response);
  return thrown as Response;
}

/** Feeds a body to a limiter in chunks of `size` bytes; the error it throws, if any. */
function scan(contentType: string, body: string, size: number) {
  const limiter = formLimiter(contentType)!;
  const bytes = Buffer.from(body);
  try {
    for (let i = 0; i < bytes.length; i += size) limiter.write(bytes.subarray(i, i + size));
    limiter.end();
    return null;
  } catch (err) {
    if (err instanceof FormLimitError) return err.reason;
    throw err;
  }
}

describe("form caps", () => {
  it("reads a urlencoded form of exactly the field limit, and refuses one field more with 413", async () => {
    expect([...(await readForm(urlencoded(names(maxFields)))).keys()]).toHaveLength(maxFields);
    const res = await refusal(readForm(urlencoded(names(maxFields + 1))));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("too many fields");
    // Empty pieces ("&&") are no fields.
    expect([...(await readForm(urlencoded(`&&${names(maxFields)}&&`))).keys()]).toHaveLength(maxFields);
  });

  it("reads a multipart form of exactly the part limit, and refuses one part more with 413", async () => {
    expect([...(await readForm(multipart(parts(maxFields)))).keys()]).toHaveLength(maxFields);
    expect((await refusal(readForm(multipart(parts(maxFields + 1))))).status).toBe(413);
  });

  it("refuses a huge single field, urlencoded or multipart, and takes one at the limit", async () => {
    const atLimit = `a=${"x".repeat(maxFieldBytes - 2)}`;
    expect((await readForm(urlencoded(atLimit))).get("a")).toHaveLength(maxFieldBytes - 2);
    expect((await refusal(readForm(urlencoded(`${atLimit}x`)))).status).toBe(413);
    expect((await refusal(readForm(multipart([part("a", "x".repeat(maxFieldBytes + 1))])))).status).toBe(413);
    // A huge name is a huge field too.
    expect((await refusal(readForm(urlencoded(`${"n".repeat(maxFieldBytes + 1)}=1`)))).status).toBe(413);
  });

  it("lets a file part be larger than a field (files are limited by the body limit)", async () => {
    const form = await readForm(multipart([part("status", "approved"), part("file", "y".repeat(maxFieldBytes * 3), "companies.csv")]));
    expect((form.get("file") as File).size).toBe(maxFieldBytes * 3);
  });

  it("counts the same however the body is cut into chunks", () => {
    const type = `multipart/form-data; boundary=${BOUNDARY}`;
    const over = parts(maxFields + 1).join("") + `--${BOUNDARY}--\r\n`;
    const at = parts(maxFields).join("") + `--${BOUNDARY}--\r\n`;
    for (const size of [1, 7, BOUNDARY.length + 3, 1000, 1 << 20]) {
      expect(scan(type, over, size), `chunks of ${size}`).toBe("tooManyFields");
      expect(scan(type, at, size), `chunks of ${size}`).toBeNull();
      expect(scan("application/x-www-form-urlencoded", names(maxFields + 1), size)).toBe("tooManyFields");
      expect(scan("application/x-www-form-urlencoded", names(maxFields), size)).toBeNull();
    }
  });

  it("refuses 125,000 names in well under a second, and parses a full form in one pass", async () => {
    const start = performance.now();
    expect((await refusal(readForm(urlencoded(Array.from({ length: 125_000 }, (_, i) => `${i.toString(36)}=1`).join("&"))))).status).toBe(413);
    expect(performance.now() - start).toBeLessThan(1_000);
    // parseForm itself is linear: a thousand distinct names plus a repeated one.
    const form = await readForm(urlencoded(`${names(maxFields - 3)}&tag=a&tag=b&tag=c`));
    const parsed = parseForm(z.record(z.string(), z.union([z.string(), z.array(z.string())])), form);
    expect(parsed.ok && parsed.data.tag).toEqual(["a", "b", "c"]);
    expect(parsed.ok && parsed.data.f0).toBe("1");
  });
});
