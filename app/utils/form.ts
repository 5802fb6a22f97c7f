import { z } from "zod";

export type FormErrors = { fieldErrors: Record<string, string[] | undefined>; formErrors: string[] };

/**
 * The submitted form. A body that is no form (another content type, a broken multipart body) is
 * a client's mistake: 400, not the 500 of an uncaught error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad request: the body is not a readable form.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/** Parses a submitted form with a schema. Values are strings, or arrays for repeated names. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): { ok: true; data: z.output<S> } | { ok: false; errors: FormErrors } {
  // No prototype: a field named "__proto__" is then a field the schema refuses, not the prototype
  // of the object it reads (a file there made reading `name` throw).
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = Object.create(null);
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const flat = z.flattenError(parsed.error) as { fieldErrors: Record<string, string[]>; formErrors: string[] };
  return { ok: false, errors: flat };
}

/** Errors of one field, in the shape parseForm returns. */
export function fieldError(field: string, key: string): FormErrors {
  return { fieldErrors: { [field]: [key] }, formErrors: [] };
}

/** An error of the whole form, in the shape parseForm returns. */
export function formError(key: string): FormErrors {
  return { fieldErrors: {}, formErrors: [key] };
}
