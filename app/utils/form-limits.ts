// The caps on a submitted form, counted on the raw bytes as they arrive, before any object is built
// or any schema runs. Checking a form costs per field, so a 1 MB body of 125,000 tiny fields once
// kept the server busy for minutes. Bridge's largest forms (the profile with its checkbox pickers)
// have a few hundred fields: 1,000 is far above that and far below what hurts. A field may be
// larger than any the app takes (its longest text is 4,000 characters) so that text of tens of
// thousands of characters still reaches the schema and gets the field's own message; 256 KB is
// that, percent-encoded, and a quarter of the default body limit. server.ts applies
// them to every form body before Remix sees it; readForm applies them again, so a route called
// in-process holds too.
export const FORM_LIMITS = {
  /** Fields of a urlencoded body, parts of a multipart one. */
  maxFields: 1_000,
  /** Bytes of one field (name and value) as sent; file parts are limited by the body limit only. */
  maxFieldBytes: 256 * 1024,
  /** Bytes of one multipart part's headers. */
  maxPartHeaderBytes: 8 * 1024,
} as const;

type FormLimits = { maxFields: number; maxFieldBytes: number; maxPartHeaderBytes: number };

type FormLimitReason = "tooManyFields" | "fieldTooLarge";

/** A form over a cap: answered 413 with `form.tooLarge.<reason>`. */
export class FormLimitError extends Error {
  constructor(readonly reason: FormLimitReason) {
    super(`form refused: ${reason}`);
    this.name = "FormLimitError";
  }
}

/** Counts a form body chunk by chunk (one pass, no copies beyond a delimiter's length). */
type FormLimiter = { write(chunk: Uint8Array): void; end(): void };

/**
 * The limiter for a body of this content type, or null when it is no form (other bodies are the
 * routes' business). A multipart type without a boundary is no readable form either: null, and the
 * parser refuses it.
 */
export function formLimiter(contentType: string | null | undefined, limits: FormLimits = FORM_LIMITS): FormLimiter | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return urlencodedLimiter(limits);
  if (type === "multipart/form-data") {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
    const value = boundary?.[1] ?? boundary?.[2];
    return value ? multipartLimiter(value, limits) : null;
  }
  return null;
}

const AMPERSAND = 0x26;

function urlencodedLimiter(limits: FormLimits): FormLimiter {
  let fields = 0;
  let current = 0; // bytes of the field being read
  const endField = () => {
    // "a=1&&b=2": an empty piece is no field.
    if (current > 0 && ++fields > limits.maxFields) throw new FormLimitError("tooManyFields");
    current = 0;
  };
  return {
    write(chunk) {
      let pos = 0;
      for (;;) {
        const amp = chunk.indexOf(AMPERSAND, pos);
        current += (amp < 0 ? chunk.length : amp) - pos;
        if (current > limits.maxFieldBytes) throw new FormLimitError("fieldTooLarge");
        if (amp < 0) return;
        endField();
        pos = amp + 1;
      }
    },
    end: endField,
  };
}

const HEADER_END = Buffer.from("\r\n\r\n");

function multipartLimiter(boundary: string, limits: FormLimits): FormLimiter {
  // Every part starts after CRLF "--boundary"; the body's first delimiter may come without the CRLF,
  // so the scan starts as if one had been read.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let carry: Buffer = Buffer.from("\r\n");
  let delimiters = 0;
  let closed = false; // after "--boundary--": the epilogue, which no parser reads
  let header: Buffer | null = null; // the headers of the part being read, until their blank line
  let isFile = false;
  let partBytes = 0;

  const startPart = () => {
    // n delimiters open n - 1 parts (the last one closes the body).
    if (++delimiters > limits.maxFields + 1) throw new FormLimitError("tooManyFields");
    header = Buffer.alloc(0);
    isFile = false;
    partBytes = 0;
  };
  const take = (bytes: Buffer) => {
    if (closed || delimiters === 0 || bytes.length === 0) return; // preamble, epilogue
    if (header) {
      const seen: Buffer = Buffer.concat([header, bytes]);
      if (seen.length >= 2 && seen[0] === 0x2d && seen[1] === 0x2d) {
        closed = true;
        return;
      }
      const end = seen.indexOf(HEADER_END);
      if (end < 0) {
        if (seen.length > limits.maxPartHeaderBytes) throw new FormLimitError("fieldTooLarge");
        header = seen;
        return;
      }
      if (end > limits.maxPartHeaderBytes) throw new FormLimitError("fieldTooLarge");
      isFile = /filename\*?=/i.test(seen.subarray(0, end).toString("latin1"));
      header = null;
      bytes = seen.subarray(end + HEADER_END.length);
    }
    partBytes += bytes.length;
    if (!isFile && partBytes > limits.maxFieldBytes) throw new FormLimitError("fieldTooLarge");
  };

  return {
    write(chunk) {
      const buf = Buffer.concat([carry, chunk]);
      let pos = 0;
      for (;;) {
        const at = buf.indexOf(delimiter, pos);
        if (at < 0) break;
        take(buf.subarray(pos, at));
        startPart();
        pos = at + delimiter.length;
      }
      // The last bytes may be the start of a delimiter: they wait for the next chunk.
      const keep = Math.max(pos, buf.length - (delimiter.length - 1));
      take(buf.subarray(pos, keep));
      carry = Buffer.from(buf.subarray(keep));
    },
    end() {
      take(carry);
      carry = Buffer.alloc(0);
    },
  };
}
