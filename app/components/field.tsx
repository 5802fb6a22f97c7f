import { useI18n, isMessageKey, type MessageKey } from "~/modules/i18n/i18n";

/** Translates an error that is a message key; anything else becomes the generic message. */
export function useErrorText() {
  const { t, messages } = useI18n();
  return (error: string | undefined) => (error === undefined ? undefined : t(isMessageKey(messages, error) ? error : "errors.form.invalid"));
}

type FieldProps = {
  name: string;
  label: MessageKey;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  errors?: string[];
  /** An error already in words (a message with parameters); shown instead of `errors`. */
  errorMessage?: string;
  hint?: MessageKey;
  required?: boolean;
  maxLength?: number;
  inputMode?: "text" | "numeric" | "email";
};

/** A labelled input whose error is tied to it with aria-describedby (not inside the label). */
export function Field({ name, label, type = "text", autoComplete, defaultValue, errors, errorMessage, hint, required, maxLength, inputMode }: FieldProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const id = `field-${name}`;
  const error = errorMessage ?? errorText(errors?.[0]);
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

export function FormError({ error }: { error?: string }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errorText(error)}
    </div>
  );
}
