import { useI18n, isMessageKey, type MessageKey } from "~/modules/i18n/i18n";
import type { FormErrors, MessageParams } from "~/utils/form";

/**
 * Translates an error that is a message key, with its parameters (`{max}`, `{value}`); anything
 * else becomes the generic message. Some reasons are phrased to go inside an import report, so
 * the first letter is raised.
 */
export function useErrorText() {
  const { t, messages } = useI18n();
  return (error: string | undefined, params?: MessageParams) => {
    if (error === undefined) return undefined;
    const text = t(isMessageKey(messages, error) ? error : "errors.form.invalid", params);
    return text.charAt(0).toLocaleUpperCase() + text.slice(1);
  };
}

/** The words of a field's first error in the one error shape, or nothing. */
export function useFieldErrorText() {
  const errorText = useErrorText();
  return (errors: FormErrors | undefined, field: string) => errorText(errors?.fieldErrors[field]?.[0], errors?.params?.[field]);
}

type FieldProps = {
  name: string;
  label: MessageKey;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  /** The form's errors (parseForm's shape); the field shows its own, by its name. */
  errors?: FormErrors;
  hint?: MessageKey;
  required?: boolean;
  maxLength?: number;
  inputMode?: "text" | "numeric" | "email";
};

/** A labelled input whose error is tied to it with aria-describedby (not inside the label). */
export function Field({ name, label, type = "text", autoComplete, defaultValue, errors, hint, required, maxLength, inputMode }: FieldProps) {
  const { t } = useI18n();
  const fieldErrorText = useFieldErrorText();
  const id = `field-${name}`;
  const error = fieldErrorText(errors, name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t(label)}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        maxLength={maxLength}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="input"
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {t(hint)}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ error, params }: { error?: string; params?: MessageParams }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errorText(error, params)}
    </div>
  );
}
