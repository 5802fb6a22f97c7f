import { describe, expect, it } from "vitest";
import { CAPABILITIES } from "~/modules/companies/taxonomy";
import { describedRelevance } from "./relevance";
import { offerText, tokenize } from "./tokenize";

describe("text relevance", () => {
  const rel = (text: string) => {
    const r = describedRelevance(text);
    return Object.fromEntries(CAPABILITIES.map((c, i) => [c, r[i]]).filter(([, v]) => (v as number) > 0));
  };

  it("cuts Chinese into character bigrams and Thai into words, folds Vietnamese diacritics", () => {
    expect(tokenize("云计算")).toEqual(["云计", "计算"]);
    expect(tokenize("ศูนย์ข้อมูล")).toEqual(expect.arrayContaining(["ศูนย์", "ข้อมูล"]));
    expect(tokenize("Trung tâm dữ liệu")).toEqual(tokenize("trung tam du lieu"));
    expect(tokenize("data centres")).toContain("data_centre");
    expect(tokenize("ＡＩ platform")).toContain("ai");
  });

  it("finds what a description offers in Chinese, Thai, Vietnamese, Indonesian and English", () => {
    expect(rel("广西东盟云计算有限公司提供公有云、混合云和数据中心托管服务。")).toMatchObject({
      "cloud.iaas": expect.any(Number),
      "cloud.data_center": expect.any(Number),
    });
    expect(Object.keys(rel("บริษัทให้บริการคลาวด์และศูนย์ข้อมูลในกรุงเทพ"))).toEqual(expect.arrayContaining(["cloud.data_center"]));
    expect(Object.keys(rel("Chúng tôi là nhà phân phối phần mềm doanh nghiệp tại Việt Nam."))).toEqual(
      expect.arrayContaining(["role.distribution", "cloud.saas"]),
    );
    expect(Object.keys(rel("Kami adalah distributor perangkat lunak dengan jaringan penjualan di Jawa."))).toContain("role.distribution");
    expect(Object.keys(rel("We operate hyperscale data centres in Johor."))).toEqual(["cloud.data_center"]);
  });

  it("does not take what a firm seeks for what it offers, nor part of a word for the word", () => {
    expect(offerText("We build robots. We are looking for distributors in Vietnam.")).not.toContain("distributors");
    expect(rel("We are looking for a data centre partner.")).toEqual({});
    expect(rel("公司正在寻找数据中心合作伙伴。")).toEqual({});
    // 计算 alone (from 云计算) is not computer vision (计算机视觉).
    expect(rel("云计算")["ai.computer_vision"]).toBeUndefined();
  });

  it("reads a whole “looking for” list as needs, however it is punctuated", () => {
    expect(rel("Partners it is looking for: distributors; Cloud migration & managed services; public cloud")).toEqual({});
    expect(rel("Looking for:\n- cloud hosting\n• object storage\n* data centre")).toEqual({});
    expect(rel("我们寻找：云计算、数据中心，托管服务")).toEqual({});
    expect(rel("Chúng tôi cần：điện toán đám mây, trung tâm dữ liệu")).toEqual({});
    // What follows the list, after its sentence ends or a blank line, is read again.
    expect(Object.keys(rel("Looking for: cloud hosting; object storage.\n\nWe operate hyperscale data centres in Johor."))).toEqual(["cloud.data_center"]);
    // "cần" is a marker in Vietnamese, "can" is not one in English.
    expect(Object.keys(rel("We can operate hyperscale data centres."))).toEqual(["cloud.data_center"]);
  });

  it("cuts Thai without sentence punctuation at its phrases, so what a firm does still counts", () => {
    expect(offerText("บริษัทให้บริการคลังสินค้าและขนส่ง ต้องการพันธมิตรด้านระบบคลาวด์ เรามีรถบรรทุก")).not.toContain("คลาวด์");
    expect(rel("บริษัทให้บริการคลังสินค้าและขนส่ง ต้องการพันธมิตรด้านระบบคลาวด์")).toEqual({ "ecommerce.logistics": expect.any(Number) });
    // A list after the marker, with commas or "and", stays one list of needs.
    expect(rel("แบรนด์เครื่องสำอาง ต้องการคลาวด์, ศูนย์ข้อมูล และผู้จัดจำหน่าย")["cloud.data_center"]).toBeUndefined();
  });
});
