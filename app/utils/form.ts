import { z } from "zod";
import { FormLimitError, formLimiter } from "./form-limits";

export type FormErrors = { fieldErrors: Record<string, string[] | undefined>; formErrors: string[] };

/**
 * The submitted form, read within FORM_LIMITS (form-limits.ts): the body is counted as it streams
 * in, and a form over a cap is refused with 413 before any field is parsed. A body that is no form
 * (another content type, a broken multipart body) is a client's mistake: 400, not the 500 of an
 * uncaught error. Both are thrown Responses; a page shows them as its error page.
 */
export async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get("content-type");
  const limiter = formLimiter(contentType);
  let refused: FormLimitError | null = null;
  try {
    if (!limiter || !request.body) return await request.formData();
    const counted = request.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          try {
            limiter.write(chunk);
          } catch (err) {
            if (err instanceof FormLimitError) refused = err;
            throw err;
          }
          controller.enqueue(chunk);
        },
        flush() {
          try {
            limiter.end();
          } catch (err) {
            if (err instanceof FormLimitError) refused = err;
            throw err;
          }
        },
      }),
    );
    return await new Response(counted, { headers: { "content-type": contentType ?? "" } }).formData();
  } catch {
    if (refused) throw formRefusedResponse(refused);
    throw new Response("Bad request: the body is not a readable form.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/** The answer to a form over FORM_LIMITS. */
function formRefusedResponse(error: FormLimitError) {
  return new Response(`Request refused: ${error.reason === "tooManyFields" ? "the form has too many fields" : "a field of the form is too large"}.`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** What was typed, to fill the form again: the first text value of each field (files are not echoed). */
export type FormValues = Record<string, string>;

/**
 * Parses a submitted form with a schema. Values are strings, or arrays for repeated names. Both
 * answers carry `values`, so an action that refuses (here or after a module's refusal) hands the
 * form back as it was sent without reading fields by hand.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): { ok: true; data: z.output<S>; values: FormValues } | { ok: false; errors: FormErrors; values: FormValues } {
  // No prototype: a field named "__proto__" is then a field the schema refuses, not the prototype
  // of the object it reads (a file there made reading `name` throw).
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = Object.create(null);
  const values: FormValues = Object.create(null);
  // One pass over the entries (a getAll per name was quadratic in the number of fields).
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
    const seen = raw[key];
    if (seen === undefined) raw[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else raw[key] = [seen, value];
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const flat = z.flattenError(parsed.error) as { fieldErrors: Record<string, string[]>; formErrors: string[] };
  return { ok: false, errors: flat, values };
}

/** Errors of one field, in the shape parseForm returns. */
export function fieldError(field: string, key: string): FormErrors {
  return { fieldErrors: { [field]: [key] }, formErrors: [] };
}

/** An error of the whole form, in the shape parseForm returns. */
export function formError(key: string): FormErrors {
  return { fieldErrors: {}, formErrors: [key] };
}
