// The form a firm fills in to describe itself: every field of the spec, capability pickers grouped
// by sector, "save draft" and "submit for review". A plain form: it works without JavaScript.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Checkbox, CheckboxPicker, type PickerGroup } from "~/components/checkbox-picker";
import { useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { LIMITS } from "./limits";
import { capabilityGroups, COUNTRIES, LANGUAGES, PARTNERSHIP_TYPES, SECTORS, SIZES } from "./taxonomy";
import { useErrorText, useFieldErrorText } from "~/components/field";
import type { FormErrors } from "~/utils/form";
import { useTaxonomyLabel } from "./ui";

export type ProfileValues = Record<string, string | number | null | readonly string[] | undefined>;

const text = (v: ProfileValues[string]) => (v === null || v === undefined || Array.isArray(v) ? "" : String(v));
const list = (v: ProfileValues[string]): readonly string[] => (Array.isArray(v) ? v : typeof v === "string" && v ? [v] : []);

type InputProps = {
  name: string;
  label: MessageKey;
  values: ProfileValues;
  errors?: FormErrors;
  hint?: MessageKey;
  required?: boolean;
  type?: string;
  maxLength?: number;
  autoComplete?: string;
  inputMode?: "numeric" | "url" | "email" | "text" | "tel";
  lang?: string;
};

function TextInput({ name, label, values, errors, hint, required, type = "text", maxLength, autoComplete, inputMode, lang }: InputProps) {
  const { t } = useI18n();
  const fieldErrorText = useFieldErrorText();
  const id = `field-${name}`;
  const error = fieldErrorText(errors, name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t(label)}
        {required ? <span className="text-slate-600"> {t("companies.form.required")}</span> : null}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={text(values[name])}
        required={required}
        maxLength={maxLength}
        autoComplete={autoComplete ?? "off"}
        inputMode={inputMode}
        lang={lang}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="input"
      />
      <Hint id={id} hint={hint} error={error} />
    </div>
  );
}

function Hint({ id, hint, error }: { id: string; hint?: MessageKey; error?: string }) {
  const { t } = useI18n();
  return (
    <>
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
    </>
  );
}

function Select({ name, label, values, errors, options, required }: Omit<InputProps, "type"> & { options: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const fieldErrorText = useFieldErrorText();
  const id = `field-${name}`;
  const error = fieldErrorText(errors, name);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t(label)}
        {required ? <span className="text-slate-600"> {t("companies.form.required")}</span> : null}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={text(values[name])}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="input"
      >
        <option value="">{t("companies.form.choose")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint id={id} error={error} />
    </div>
  );
}

function CheckboxGroup({
  name,
  legend,
  hint,
  options,
  selected,
  error,
  columns = 2,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  selected: readonly string[];
  error?: string;
  columns?: number;
}) {
  const id = `field-${name}`;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset aria-describedby={describedBy} className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
      <ul className={`grid gap-1 ${columns === 3 ? "sm:grid-cols-3" : "sm:grid-cols-2"}`}>
        {options.map((o) => (
          <li key={o.value}>
            <Checkbox name={name} value={o.value} defaultChecked={selected.includes(o.value)}>
              {o.label}
            </Checkbox>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function Section({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="card space-y-4">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function ProfileForm({ values, errors, canSubmit = true }: { values: ProfileValues; errors?: FormErrors; canSubmit?: boolean }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const errorText = useErrorText();
  const fieldErrorText = useFieldErrorText();
  const countries = COUNTRIES.map((c) => ({ value: c, label: label("country", c) }));
  const capabilityPicker: PickerGroup[] = capabilityGroups().map((g) => ({
    key: g.sector ?? "role",
    legend: g.sector ? label("sector", g.sector) : t("companies.form.roles"),
    options: g.codes.map((c) => ({ value: c, label: label("capability", c) })),
  }));
  const formError = errorText(errors?.formErrors[0]);

  return (
    <Form method="post" className="space-y-6" noValidate>
      {formError ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {formError}
        </div>
      ) : errors && (errors.formErrors.length || Object.keys(errors.fieldErrors).length) ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t("companies.form.fix")}
        </div>
      ) : null}

      <Section id="section-firm" title={t("companies.form.firm")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextInput name="name" label="companies.field.name" values={values} errors={errors} required maxLength={LIMITS.name} autoComplete="organization" />
          <TextInput
            name="localName"
            label="companies.field.localName"
            hint="companies.field.localName.hint"
            values={values}
            errors={errors}
            maxLength={LIMITS.localName}
          />
          <Select name="country" label="companies.field.country" values={values} errors={errors} options={countries} required />
          <TextInput name="city" label="companies.field.city" values={values} errors={errors} maxLength={LIMITS.city} />
          <TextInput
            name="website"
            label="companies.field.website"
            hint="companies.field.website.hint"
            type="url"
            inputMode="url"
            values={values}
            errors={errors}
            maxLength={LIMITS.website}
          />
          <TextInput
            name="foundedYear"
            label="companies.field.foundedYear"
            inputMode="numeric"
            values={values}
            errors={errors}
            maxLength={4}
            hint="companies.field.foundedYear.hint"
          />
          <Select
            name="size"
            label="companies.field.size"
            values={values}
            errors={errors}
            options={SIZES.map((s) => ({ value: s, label: label("size", s) }))}
          />
        </div>
        <CheckboxGroup
          name="languages"
          legend={t("companies.field.languages")}
          options={LANGUAGES.map((l) => ({ value: l, label: label("language", l) }))}
          selected={list(values.languages)}
          error={fieldErrorText(errors, "languages")}
          columns={3}
        />
      </Section>

      <Section id="section-business" title={t("companies.form.business")}>
        <CheckboxGroup
          name="sectors"
          legend={`${t("companies.field.sectors")} ${t("companies.form.required")}`}
          hint={t("companies.field.sectors.hint")}
          options={SECTORS.map((s) => ({ value: s, label: label("sector", s) }))}
          selected={list(values.sectors)}
          error={fieldErrorText(errors, "sectors")}
        />
        <CheckboxPicker
          name="offers"
          legend={`${t("companies.field.offers")} ${t("companies.form.required")}`}
          hint={t("companies.field.offers.hint")}
          groups={capabilityPicker}
          selected={list(values.offers)}
          error={fieldErrorText(errors, "offers")}
        />
        <CheckboxPicker
          name="needs"
          legend={`${t("companies.field.needs")} ${t("companies.form.required")}`}
          hint={t("companies.field.needs.hint")}
          groups={capabilityPicker}
          selected={list(values.needs)}
          error={fieldErrorText(errors, "needs")}
        />
        <CheckboxGroup
          name="partnershipTypes"
          legend={t("companies.field.partnershipTypes")}
          options={PARTNERSHIP_TYPES.map((p) => ({ value: p, label: label("partnershipType", p) }))}
          selected={list(values.partnershipTypes)}
          error={fieldErrorText(errors, "partnershipTypes")}
        />
        <CheckboxGroup
          name="targetMarkets"
          legend={t("companies.field.targetMarkets")}
          hint={t("companies.field.targetMarkets.hint")}
          options={countries}
          selected={list(values.targetMarkets)}
          error={fieldErrorText(errors, "targetMarkets")}
          columns={3}
        />
        <div className="space-y-1">
          <label htmlFor="field-description" className="block text-sm font-medium text-slate-800">
            {t("companies.field.description")}
          </label>
          <textarea
            id="field-description"
            name="description"
            rows={6}
            maxLength={LIMITS.description}
            defaultValue={text(values.description)}
            aria-invalid={errors?.fieldErrors.description ? true : undefined}
            aria-describedby={errors?.fieldErrors.description ? "field-description-hint field-description-error" : "field-description-hint"}
            className="input"
          />
          <Hint id="field-description" hint="companies.field.description.hint" error={fieldErrorText(errors, "description")} />
        </div>
      </Section>

      <Section id="section-contact" title={t("companies.form.contact")}>
        <p className="text-sm text-slate-700">{t("companies.form.contactPrivate")}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextInput
            name="contactName"
            label="companies.field.contactName"
            values={values}
            errors={errors}
            maxLength={LIMITS.contactName}
            autoComplete="name"
          />
          <TextInput
            name="contactEmail"
            label="companies.field.contactEmail"
            type="email"
            inputMode="email"
            values={values}
            errors={errors}
            maxLength={LIMITS.contactEmail}
            autoComplete="email"
          />
        </div>
      </Section>

      <Section id="section-channels" title={t("companies.form.channels")}>
        <p className="text-sm text-slate-700">{t("companies.form.channelsPrivate")}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextInput
            name="phone"
            label="companies.field.phone"
            hint="companies.field.phone.hint"
            type="tel"
            inputMode="tel"
            values={values}
            errors={errors}
            maxLength={LIMITS.phone}
            autoComplete="tel"
          />
          <TextInput
            name="whatsapp"
            label="companies.field.whatsapp"
            hint="companies.field.whatsapp.hint"
            type="tel"
            inputMode="tel"
            values={values}
            errors={errors}
            maxLength={LIMITS.phone}
          />
          <TextInput name="wechat" label="companies.field.wechat" values={values} errors={errors} maxLength={LIMITS.wechat} />
          <TextInput name="line" label="companies.field.line" values={values} errors={errors} maxLength={LIMITS.line} />
          <TextInput
            name="zalo"
            label="companies.field.zalo"
            hint="companies.field.zalo.hint"
            type="tel"
            inputMode="tel"
            values={values}
            errors={errors}
            maxLength={LIMITS.phone}
          />
          <TextInput
            name="telegram"
            label="companies.field.telegram"
            hint="companies.field.telegram.hint"
            values={values}
            errors={errors}
            maxLength={LIMITS.telegram}
          />
        </div>
      </Section>

      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="save" className="btn-secondary">
          {t("companies.form.saveDraft")}
        </button>
        {canSubmit ? (
          <button type="submit" name="intent" value="submit" className="btn">
            {t("companies.form.submit")}
          </button>
        ) : null}
      </div>
      <p className="text-sm text-slate-600">{t("companies.form.reviewNote")}</p>
    </Form>
  );
}
