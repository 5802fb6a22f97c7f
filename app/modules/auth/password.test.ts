import { describe, expect, it } from "vitest";
import { commonPasswordCount, hashPassword, isCommonPassword, PRODUCTION_HASH_OPTIONS, verifyPassword } from "./password.server";
import { changePasswordSchema, signupSchema } from "./schemas";

const base = { name: "Lê Thị Hồng", email: "hong@firm.vn", locale: "en" };

describe("password rules", () => {
  it("accepts 12 to 128 characters with no composition rules", () => {
    expect(signupSchema.safeParse({ ...base, password: "a".repeat(11) }).success).toBe(false);
    expect(signupSchema.safeParse({ ...base, password: "abcdefghijkl" }).success).toBe(true);
    expect(signupSchema.safeParse({ ...base, password: "x".repeat(128) }).success).toBe(true);
    expect(signupSchema.safeParse({ ...base, password: "x".repeat(129) }).success).toBe(false);
  });

  it("counts characters, not UTF-16 units or bytes", () => {
    // 12 CJK characters are 36 UTF-8 bytes; 6 emoji are 12 UTF-16 units but only 6 characters.
    expect(signupSchema.safeParse({ ...base, password: "我们一起去东盟做生意吧朋友" }).success).toBe(true);
    expect(signupSchema.safeParse({ ...base, password: "🙂🙂🙂🙂🙂🙂" }).success).toBe(false);
  });

  it("names the problem with a translation key", () => {
    const r = changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "short" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe("errors.password.tooShort");
  });

  it("rejects extra fields such as role", () => {
    expect(signupSchema.safeParse({ ...base, password: "abcdefghijkl", role: "admin" }).success).toBe(false);
  });

  it("knows at least 10,000 common passwords", () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(isCommonPassword("password1234")).toBe(true);
    expect(isCommonPassword("PASSWORD1234")).toBe(true);
    expect(isCommonPassword("lanyun cloud meets nusantara")).toBe(false);
  });

  it("hashes with argon2id and verifies", async () => {
    const hash = await hashPassword("lanyun cloud meets nusantara");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, "lanyun cloud meets nusantara")).toBe(true);
    expect(await verifyPassword(hash, "lanyun cloud meets nusantarA")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });

  it("hashes with OWASP's argon2id parameters outside tests (19 MiB, 2 passes, 1 lane)", async () => {
    const hash = await hashPassword("lanyun cloud meets nusantara", PRODUCTION_HASH_OPTIONS);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "lanyun cloud meets nusantara")).toBe(true);
    // Test runs hash cheaply, and a test-made hash names its own (smaller) parameters.
    expect(await hashPassword("lanyun cloud meets nusantara")).toMatch(/^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
  });
});
