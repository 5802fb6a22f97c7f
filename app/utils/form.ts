import { z } from "zod";
import { FormLimitError, formLimiter } from "./form-limits";

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

/**
 * What was typed, to fill the form again: the first text value of each field. Files are not
 * echoed, nor a password (any field whose name holds "password"): it would travel back in the
 * page's data.
 */
export type FormValues = Record<string, string>;

const SECRET_FIELD = /password/i;

/** What a message needs besides its key: a limit, the offending value. */
export type MessageParams = Record<string, string | number>;

/**
 * The one error shape of every form: message keys by field and for the whole form, and for a
 * field whose first error needs them, that error's parameters (`{ max }`, `{ value }`) by field.
 */
export type FormErrors = {
  fieldErrors: Record<string, string[] | undefined>;
  formErrors: string[];
  params?: Record<string, MessageParams | undefined>;
};

/** One problem of a submitted form: the field ("" for the whole form), a message key, its parameters. */
export type FormIssue = { field: string; key: string; params: MessageParams };

/**
 * How zod's issues become form errors, unless a schema's module says otherwise: by the first
 * segment of the path, the issue's message as the key, a refinement's `params` as parameters.
 * A key the schema does not know (strict objects) is an error of the whole form.
 */
export function formIssues(error: z.ZodError): FormIssue[] {
  return error.issues.map((issue) => {
    const params: MessageParams = {};
    const extra = (issue as { params?: Record<string, unknown> }).params;
    if (extra) for (const [k, v] of Object.entries(extra)) if (typeof v === "string" || typeof v === "number") params[k] = v;
    return { field: issue.path.length ? String(issue.path[0]) : "", key: issue.message, params };
  });
}

/** Issues in the one error shape; a field's params are those of its first error, kept only if there are any. */
export function toFormErrors(issues: readonly FormIssue[]): FormErrors {
  // No prototype: a field named "toString" or "__proto__" gets its errors like any other.
  const fieldErrors: Record<string, string[]> = Object.create(null);
  const formErrors: string[] = [];
  const params: Record<string, MessageParams> = Object.create(null);
  for (const { field, key, params: p } of issues) {
    if (field === "") {
      formErrors.push(key);
      continue;
    }
    const list = (fieldErrors[field] ??= []);
    if (list.length === 0 && Object.keys(p).length) params[field] = p;
    list.push(key);
  }
  return Object.keys(params).length ? { fieldErrors, formErrors, params } : { fieldErrors, formErrors };
}

type ParseOptions = {
  /** How this schema's issues read as messages (companies' schemas name unknown fields and missing codes). */
  issues?: (error: z.ZodError) => FormIssue[];
};

/**
 * Parses a submitted form with a schema. Values are strings, or arrays for repeated names. Both
 * answers carry `values`, so an action that refuses (here or after a module's refusal) hands the
 * form back as it was sent without reading fields by hand, and `lists`: every text value of each
 * name sent more than once (a checkbox picker), so `{ ...values, ...lists }` is the whole form.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  options: ParseOptions = {},
):
  | { ok: true; data: z.output<S>; values: FormValues; lists: Record<string, string[]> }
  | { ok: false; errors: FormErrors; values: FormValues; lists: Record<string, string[]> } {
  // No prototype: a field named "__proto__" is then a field the schema refuses, not the prototype
  // of the object it reads (a file there made reading `name` throw).
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = Object.create(null);
  const values: FormValues = Object.create(null);
  const lists: Record<string, string[]> = Object.create(null);
  // One pass over the entries (a getAll per name was quadratic in the number of fields).
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values) && !SECRET_FIELD.test(key)) values[key] = value;
    const seen = raw[key];
    if (seen === undefined) raw[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else raw[key] = [seen, value];
  }
  for (const key in raw) {
    const all = raw[key];
    if (Array.isArray(all) && !SECRET_FIELD.test(key)) lists[key] = all.filter((v): v is string => typeof v === "string");
  }
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return { ok: true, data: parsed.data, values, lists };
  const issues = options.issues ? options.issues(parsed.error) : formIssues(parsed.error);
  return { ok: false, errors: toFormErrors(issues), values, lists };
}

/** Errors of one field, in the shape parseForm returns. */
export function fieldError(field: string, key: string, params?: MessageParams): FormErrors {
  const errors: FormErrors = { fieldErrors: { [field]: [key] }, formErrors: [] };
  if (params && Object.keys(params).length) errors.params = { [field]: params };
  return errors;
}

/** An error of the whole form, in the shape parseForm returns. */
export function formError(key: string): FormErrors {
  return { fieldErrors: {}, formErrors: [key] };
}
