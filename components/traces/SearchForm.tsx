'use client';

import { type FormEvent, useId, useMemo, useState } from 'react';
import { AttributeInputs } from './AttributeInputs';
import {
  fromDatetimeLocal,
  LIMIT_CHOICES,
  RANGE_PRESETS,
  type RangePreset,
  rangeBounds,
  searchToApiQuery,
  type TraceSearch,
  toDatetimeLocal,
} from './search-query';
import { fieldClass, labelClass, primaryButtonClass } from './styles';

const STATUS_OPTIONS = [
  { value: 'any', label: 'Any' },
  { value: 'error', label: 'Error' },
  { value: 'ok', label: 'OK' },
  { value: 'unset', label: 'Unset (no error)' },
] as const;

interface Props {
  /** The search in the URL; the form edits a draft of it. Re-mount (key) to reset. */
  initial: TraceSearch;
  services: readonly string[];
  /** Operations per service seen in the latest results. */
  operations: ReadonlyMap<string, readonly string[]>;
  servicesError: string | null;
  onSubmit: (search: TraceSearch) => void;
}

/** Jaeger's search sidebar: service, operation, status, durations, attributes, time range. */
export function SearchForm({ initial, services, operations, servicesError, onSubmit }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<TraceSearch>(initial);
  const [customFrom, setCustomFrom] = useState(() =>
    toDatetimeLocal(rangeBounds(initial.range, Date.now()).startUnixMs),
  );
  const [customTo, setCustomTo] = useState(() =>
    toDatetimeLocal(rangeBounds(initial.range, Date.now()).endUnixMs),
  );
  const [error, setError] = useState<string | null>(null);
  const update = (patch: Partial<TraceSearch>) => setDraft((d) => ({ ...d, ...patch }));

  const serviceOptions = useMemo(
    () => withCurrent(services, draft.service),
    [services, draft.service],
  );
  const operationOptions = useMemo(() => {
    const names = draft.service
      ? (operations.get(draft.service) ?? [])
      : [...new Set([...operations.values()].flat())].sort();
    return withCurrent(names, draft.operation);
  }, [operations, draft.service, draft.operation]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let search = draft;
    if (draft.range.kind === 'custom') {
      const startUnixMs = fromDatetimeLocal(customFrom);
      const endUnixMs = fromDatetimeLocal(customTo);
      if (startUnixMs === null || endUnixMs === null)
        return setError('Enter both ends of the custom range');
      if (startUnixMs > endUnixMs) return setError('The custom range ends before it starts');
      search = { ...draft, range: { kind: 'custom', startUnixMs, endUnixMs } };
    }
    search = { ...search, attributes: search.attributes.map((a) => a.trim()).filter(Boolean) };
    const bad = search.attributes.find((a) => a.indexOf('=') <= 0);
    if (bad !== undefined) return setError(`Attribute "${bad}" must be key=value`);
    const checked = searchToApiQuery(search, Date.now());
    if (!checked.ok) return setError(checked.error);
    setError(null);
    onSubmit(search);
  };

  const rangeValue = draft.range.kind === 'custom' ? 'custom' : draft.range.preset;
  return (
    <form onSubmit={submit} aria-label="Search traces" className="flex flex-col gap-3.5" noValidate>
      <div>
        <label htmlFor={`${id}-service`} className={labelClass}>
          Service
        </label>
        <select
          id={`${id}-service`}
          name="service"
          className={fieldClass}
          value={draft.service}
          onChange={(e) => update({ service: e.target.value, operation: '' })}
        >
          <option value="">All services</option>
          {serviceOptions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {servicesError && <p className="mt-1 text-critical text-xs">{servicesError}</p>}
      </div>
      <div>
        <label htmlFor={`${id}-operation`} className={labelClass}>
          Operation
        </label>
        <select
          id={`${id}-operation`}
          name="operation"
          className={fieldClass}
          value={draft.operation}
          onChange={(e) => update({ operation: e.target.value })}
        >
          <option value="">All operations</option>
          {operationOptions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-status`} className={labelClass}>
          Status
        </label>
        <select
          id={`${id}-status`}
          name="status"
          className={fieldClass}
          value={draft.status}
          onChange={(e) => update({ status: e.target.value as TraceSearch['status'] })}
        >
          {STATUS_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="grid grid-cols-2 gap-2">
        <div>
          <label htmlFor={`${id}-min`} className={labelClass}>
            Min duration
          </label>
          <input
            id={`${id}-min`}
            name="minDuration"
            className={fieldClass}
            placeholder="e.g. 100ms"
            value={draft.minDuration}
            onChange={(e) => update({ minDuration: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={`${id}-max`} className={labelClass}>
            Max duration
          </label>
          <input
            id={`${id}-max`}
            name="maxDuration"
            className={fieldClass}
            placeholder="e.g. 1.5s"
            value={draft.maxDuration}
            onChange={(e) => update({ maxDuration: e.target.value })}
          />
        </div>
      </div>
      <AttributeInputs
        values={draft.attributes}
        onChange={(attributes) => update({ attributes })}
      />
      <div>
        <label htmlFor={`${id}-range`} className={labelClass}>
          Time range
        </label>
        <select
          id={`${id}-range`}
          name="range"
          className={fieldClass}
          value={rangeValue}
          onChange={(e) => {
            const value = e.target.value;
            if (value !== 'custom')
              return update({ range: { kind: 'preset', preset: value as RangePreset } });
            const { startUnixMs, endUnixMs } = rangeBounds(draft.range, Date.now());
            setCustomFrom(toDatetimeLocal(startUnixMs));
            setCustomTo(toDatetimeLocal(endUnixMs));
            update({ range: { kind: 'custom', startUnixMs, endUnixMs } });
          }}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </div>
      {draft.range.kind === 'custom' && (
        <div className="grid gap-2">
          <div>
            <label htmlFor={`${id}-from`} className={labelClass}>
              From
            </label>
            <input
              id={`${id}-from`}
              type="datetime-local"
              step={1}
              className={fieldClass}
              value={customFrom}
              onChange={(e) => setCustomFrom(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor={`${id}-to`} className={labelClass}>
              To
            </label>
            <input
              id={`${id}-to`}
              type="datetime-local"
              step={1}
              className={fieldClass}
              value={customTo}
              onChange={(e) => setCustomTo(e.target.value)}
            />
          </div>
        </div>
      )}
      <div>
        <label htmlFor={`${id}-limit`} className={labelClass}>
          Limit results
        </label>
        <select
          id={`${id}-limit`}
          name="limit"
          className={fieldClass}
          value={draft.limit}
          onChange={(e) => update({ limit: Number(e.target.value) })}
        >
          {withCurrentNumber(LIMIT_CHOICES, draft.limit).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p
          role="alert"
          className="rounded-md border border-critical/50 px-2.5 py-1.5 text-critical text-xs"
        >
          {error}
        </p>
      )}
      <button type="submit" className={primaryButtonClass}>
        Find traces
      </button>
    </form>
  );
}

/** The options plus the current value when the options do not hold it (a deep link). */
function withCurrent(options: readonly string[], current: string): string[] {
  return current === '' || options.includes(current) ? [...options] : [current, ...options];
}

function withCurrentNumber(options: readonly number[], current: number): number[] {
  return options.includes(current) ? [...options] : [...options, current].sort((a, b) => a - b);
}
