// A contact's phone and messaging handles, as the accepted introduction, the staff views and the
// firm's own pages show them. The text and links come from channels.server.ts, made in the loader.
import { useI18n, type MessageKey } from "~/modules/i18n/i18n";
import type { ContactChannel } from "./channels.server";

/** Each channel's label, in the order pages list them. */
export const CHANNEL_LABELS: Record<ContactChannel["field"], MessageKey> = {
  phone: "companies.field.phone",
  wechat: "companies.field.wechat",
  whatsapp: "companies.field.whatsapp",
  line: "companies.field.line",
  zalo: "companies.field.zalo",
  telegram: "companies.field.telegram",
};

/** The channels' labels, for the `handle.i18n` of a route that shows them. */
export const CHANNEL_MESSAGES = Object.values(CHANNEL_LABELS);

/** The channel fields, in the order pages list them. */
export const CHANNEL_ORDER = Object.keys(CHANNEL_LABELS) as ContactChannel["field"][];

export function ContactChannels({ channels, className = "" }: { channels: readonly ContactChannel[]; className?: string }) {
  const { t } = useI18n();
  if (channels.length === 0) return null;
  return (
    <dl className={`grid grid-cols-[auto,1fr] gap-x-4 gap-y-1 ${className}`} data-testid="contact-channels">
      {channels.map((c) => (
        <div key={c.field} className="contents">
          <dt className="text-slate-700">{t(CHANNEL_LABELS[c.field])}</dt>
          <dd className="break-all">
            {c.href ? (
              <a href={c.href} className="link" {...(c.href.startsWith("https:") ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
                {c.text}
              </a>
            ) : (
              <span>{c.text}</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
