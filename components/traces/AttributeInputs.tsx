'use client';

import { useId } from 'react';
import { buttonClass, fieldClass, labelClass } from './styles';

/** Repeatable `key=value` attribute filters; every one must match some span of the trace. */
export function AttributeInputs({
  values,
  onChange,
}: {
  values: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const id = useId();
  // Always show one empty row to type into.
  const rows = values.length === 0 ? [''] : values;
  const set = (index: number, value: string) =>
    onChange(rows.map((current, i) => (i === index ? value : current)));
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index));

  return (
    <fieldset>
      <legend className={labelClass}>Attributes (key=value)</legend>
      <div className="flex flex-col gap-1.5">
        {rows.map((value, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
          <div key={index} className="flex gap-1.5">
            <input
              id={`${id}-${index}`}
              aria-label={`Attribute filter ${index + 1}`}
              name="attr"
              className={`${fieldClass} font-mono text-xs`}
              placeholder="http.response.status_code=500"
              value={value}
              onChange={(e) => set(index, e.target.value)}
            />
            {(rows.length > 1 || value !== '') && (
              <button
                type="button"
                className="rounded-md px-2 text-muted hover:text-critical focus-visible:outline-2 focus-visible:outline-accent"
                aria-label={`Remove attribute filter ${index + 1}`}
                onClick={() => remove(index)}
              >
                ×
              </button>
            )}
          </div>
        ))}
      </div>
      <button
        type="button"
        className={`${buttonClass} mt-1.5 px-2 py-0.5 text-xs`}
        onClick={() => onChange([...rows, ''])}
      >
        + Add attribute
      </button>
    </fieldset>
  );
}
