import { useEffect, useId, useState, type ReactNode } from "react";
import { useI18n } from "~/modules/i18n/i18n";

export type PickerGroup = { key: string; legend: string; options: { value: string; label: string }[] };

type Props = {
  name: string;
  legend: string;
  hint?: string;
  groups: PickerGroup[];
  selected: readonly string[];
  error?: string;
};

/**
 * Checkboxes in one fieldset per group: they work without JavaScript and by keyboard (Tab, Space).
 * With JavaScript a filter box narrows the options as one types, and a line says how many are
 * chosen. The options stay in the form while hidden, so nothing chosen is lost by filtering.
 */
export function CheckboxPicker({ name, legend, hint, groups, selected, error }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [hydrated, setHydrated] = useState(false);
  const [filter, setFilter] = useState("");
  const [chosen, setChosen] = useState(() => new Set(selected));
  useEffect(() => setHydrated(true), []);

  const needle = filter.trim().toLocaleLowerCase();
  const visible = (label: string, value: string) => !needle || label.toLocaleLowerCase().includes(needle) || value.includes(needle);
  const shown = groups.reduce((n, g) => n + g.options.filter((o) => visible(o.label, o.value)).length, 0);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

  return (
    <fieldset className="space-y-3" aria-describedby={describedBy}>
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
      {hydrated ? (
        <div className="flex flex-wrap items-center gap-3">
          <label htmlFor={`${id}-filter`} className="sr-only">
            {t("picker.filterLabel", { field: legend })}
          </label>
          <input
            id={`${id}-filter`}
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t("picker.filterPlaceholder")}
            className="input max-w-xs"
            autoComplete="off"
          />
          <p className="text-sm text-slate-600" aria-live="polite">
            {t("picker.status", { chosen: chosen.size, shown })}
          </p>
        </div>
      ) : null}
      <div className="grid gap-3 md:grid-cols-2">
        {groups.map((group) => {
          const anyShown = group.options.some((o) => visible(o.label, o.value));
          return (
            <fieldset key={group.key} hidden={!anyShown} className="rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-semibold text-slate-700">{group.legend}</legend>
              <ul className="space-y-1">
                {group.options.map((o) => (
                  <li key={o.value} hidden={!visible(o.label, o.value)}>
                    <Checkbox
                      name={name}
                      value={o.value}
                      defaultChecked={selected.includes(o.value)}
                      onChange={(checked) =>
                        setChosen((prev) => {
                          const next = new Set(prev);
                          if (checked) next.add(o.value);
                          else next.delete(o.value);
                          return next;
                        })
                      }
                    >
                      {o.label}
                    </Checkbox>
                  </li>
                ))}
              </ul>
            </fieldset>
          );
        })}
      </div>
    </fieldset>
  );
}

export function Checkbox({
  name,
  value,
  defaultChecked,
  onChange,
  children,
}: {
  name: string;
  value: string;
  defaultChecked?: boolean;
  onChange?: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="flex cursor-pointer items-start gap-2 text-sm text-slate-800">
      <input
        type="checkbox"
        name={name}
        value={value}
        defaultChecked={defaultChecked}
        onChange={onChange ? (e) => onChange(e.target.checked) : undefined}
        className="mt-0.5 h-4 w-4 rounded border-slate-400 text-teal-800 focus:ring-2 focus:ring-teal-700"
      />
      <span>{children}</span>
    </label>
  );
}
