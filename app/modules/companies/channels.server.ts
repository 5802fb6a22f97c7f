// A firm's phone and messaging handles as pages show them: numbers in international format, each
// with the service's standard link where it has one. Server-only: libphonenumber-js (and its
// metadata) stays out of the browser; pages receive the finished text.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { CHANNEL_FIELDS, type ChannelField, type Profile } from "./schemas";

/** One way to reach a contact: what to show, and where it links (null: shown as text). */
export type ContactChannel = { field: ChannelField; text: string; href: string | null };

/** +6281234567890 as +62 812 3456 7890; anything that does not parse, as it is. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

const digits = (e164: string) => e164.replace(/\D/g, "");

function channel(field: ChannelField, value: string): ContactChannel {
  switch (field) {
    case "phone":
      return { field, text: formatPhone(value), href: `tel:${value}` };
    case "whatsapp":
      return { field, text: formatPhone(value), href: `https://wa.me/${digits(value)}` };
    case "zalo":
      return { field, text: formatPhone(value), href: null };
    case "telegram":
      return { field, text: `@${value}`, href: `https://t.me/${value}` };
    case "wechat":
    case "line":
      return { field, text: value, href: null };
  }
}

/** The channels a profile gives, in the order of CHANNEL_FIELDS; the ones left empty are not listed. */
export function contactChannels(profile: Partial<Pick<Profile, ChannelField>>): ContactChannel[] {
  return CHANNEL_FIELDS.flatMap((field) => {
    const value = profile[field];
    return value ? [channel(field, value)] : [];
  });
}

/** A profile as its firm's form and the staff review show it: numbers in international format, the Telegram name with its "@". */
export function withReadableChannels(profile: Profile): Profile {
  const number = (v: string | null) => (v ? formatPhone(v) : null);
  return {
    ...profile,
    phone: number(profile.phone),
    whatsapp: number(profile.whatsapp),
    zalo: number(profile.zalo),
    telegram: profile.telegram ? `@${profile.telegram}` : null,
  };
}
